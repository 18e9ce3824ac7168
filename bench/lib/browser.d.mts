import type { Browser } from 'playwright-core'

// Types of browser.mjs, for the tests that share it (tests/support/browser.ts).

export const CHROMIUM_PATH: string

/** Debian's Chromium, headless, with nothing that reaches for the network on its own. */
export function launchChromium(): Promise<Browser>
