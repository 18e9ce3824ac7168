// One launcher for the tests and the bench (bench/lib/browser.mjs).
export { CHROMIUM_PATH, launchChromium } from '../../bench/lib/browser.mjs'
