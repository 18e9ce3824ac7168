import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import type { AdminMessages } from '../../composables/useAdminI18n'
import { hydrated, screenshotPath, useSite } from '../support/site'

const site = useSite({
  env: {
    NUXT_TRUST_PROXY: 'x-forwarded-for',
    NUXT_PUBLIC_INSTANCE_NAME: 'misskey.example',
    NUXT_PUBLIC_INSTANCE_URL: 'https://misskey.example',
  },
})

/**
 * Each browser language, the locale it must get, and words only that locale shows.
 * Korean comes on a touch phone (no hover, coarse pointer), the others with a keyboard.
 */
const LANGUAGES = [
  { browser: 'en-US', code: 'en', title: 'misskey.example is down', duplicate: 'same message' },
  { browser: 'ja-JP', code: 'ja', title: 'misskey.example は落ちています', duplicate: '同じメッセージ' },
  { browser: 'zh-CN', code: 'zh-CN', title: 'misskey.example 暂时无法访问', duplicate: '同样的消息' },
  { browser: 'zh-TW', code: 'zh-TW', title: 'misskey.example 暫時無法連線', duplicate: '同樣的訊息' },
  { browser: 'ko-KR', code: 'ko', title: 'misskey.example 서버에 접속할 수 없습니다', duplicate: '같은 메시지', touch: true },
]

function visitor(locale: string, address: string, touch = false): Promise<Page> {
  return site.visitor({
    locale,
    viewport: { width: 390, height: 844 },
    isMobile: touch,
    hasTouch: touch,
    address,
    label: locale,
    // Chromium logs every 4xx fetch; the refused duplicate below is one on purpose.
    expectedConsole: /status of 422/,
  })
}

/** The scripts a visit in one language fetches: entry and modulepreloads, and prefetches at idle. */
async function scriptsFetched(acceptLanguage: string): Promise<string[]> {
  const html = await (await fetch(site.url, { headers: { 'accept-language': acceptLanguage } })).text()
  const hrefs = [...html.matchAll(/<(?:link rel="(?:modulepreload|prefetch)"|script type="module")[^>]*(?:href|src)="([^"]+\.js)"/g)].map(match => match[1]!)
  expect(hrefs.length).toBeGreaterThan(0)
  return Promise.all(hrefs.map(async href => (await fetch(new URL(href, site.url))).text()))
}

describe('every language on a 390 px phone', () => {
  it.each(LANGUAGES.map((language, index) => [language.browser, language, index] as const))('%s', async (_name, language, index) => {
    const page = await visitor(language.browser, `192.0.2.${20 + index}`, language.touch)
    await page.goto(site.url)
    await hydrated(page)
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe(language.code)
    await expect(page.locator('h1').textContent()).resolves.toBe(language.title)
    const box = page.locator('#chat-body')
    if (language.touch) {
      // A phone's Return key breaks the line; the Send button sends, and no key is named.
      await box.fill('a')
      await box.press('Enter')
      await expect(box.inputValue()).resolves.toBe('a\n')
      await expect(page.locator('.send-key-hint').count()).resolves.toBe(0)
    }
    else {
      await page.locator('.send-key-hint').waitFor()
    }

    // The longest strings a visitor meets: a refused send's error under the box.
    const text = `hello from ${language.browser} — ${'長い'.repeat(40)}`
    await box.fill(text)
    await page.locator('.chat-form button[type="submit"]').click()
    await page.locator('.messages li', { hasText: `hello from ${language.browser}` }).waitFor()
    await box.fill(text)
    await page.locator('.chat-form button[type="submit"]').click()
    await page.locator('#chat-error').filter({ hasText: language.duplicate }).waitFor()

    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, viewport: window.innerWidth }))
    // A viewport as tall as the page rather than fullPage: Chromium's full-page capture
    // drops the touch emulation for a moment, and the page would show its keyboard hint.
    await page.setViewportSize({ width: 390, height: await page.evaluate(() => document.documentElement.scrollHeight) })
    await page.screenshot({ path: screenshotPath(`language-${language.browser}-390.png`) })
    expect(widths.scroll, `${language.browser} overflows: ${widths.scroll} px wide at ${widths.viewport} px`).toBeLessThanOrEqual(widths.viewport)
  })

  it('fetches only the visitor\'s language, preloaded with the entry, and no other even at idle', async () => {
    // Words that exist in one locale file only (UI strings, not date-fns').
    const only = { 'ja': '名無しさん', 'zh-CN': '匿名用户', 'zh-TW': '匿名使用者', 'ko': '익명이며' }
    for (const [code, phrase] of Object.entries(only)) {
      const scripts = await scriptsFetched(code)
      expect(scripts.some(script => script.includes(phrase)), `${code} chunk preloaded`).toBe(true)
      const others = Object.entries(only).filter(([other]) => other !== code)
      for (const [other, foreign] of others) expect(scripts.some(script => script.includes(foreign)), `${other} not loaded for ${code}`).toBe(false)
    }
    const english = await scriptsFetched('en')
    for (const [code, phrase] of Object.entries(only)) expect(english.some(script => script.includes(phrase)), `${code} not loaded for en`).toBe(false)
  })

  it('fetches none of the moderation tools\' words, in any language, even at idle', async () => {
    const moderationWords = import.meta.glob<AdminMessages>('../../locales/admin/*.ts', { eager: true, import: 'default' })
    for (const language of LANGUAGES) {
      const scripts = await scriptsFetched(language.code)
      for (const [file, words] of Object.entries(moderationWords)) {
        expect(scripts.some(script => script.includes(words['admin.signedIn'])), `${file} not loaded for ${language.code}`).toBe(false)
      }
    }
  })
})

describe('typing Japanese with a keyboard', () => {
  it('the Enter that confirms an IME conversion does not send; the next Enter does; Shift+Enter breaks the line', async () => {
    const page = await visitor('ja-JP', '192.0.2.40')
    await page.goto(site.url)
    await hydrated(page)
    // What the page saw, to tell a real composition from none at all.
    await page.evaluate(() => {
      const log: string[] = ((window as unknown as { keyLog: string[] }).keyLog = [])
      const box = document.querySelector('#chat-body')!
      for (const type of ['compositionstart', 'compositionend']) box.addEventListener(type, () => log.push(type))
      box.addEventListener('keydown', event => log.push(`keydown ${(event as KeyboardEvent).key} composing=${(event as KeyboardEvent).isComposing}`))
    })
    const box = page.locator('#chat-body')
    await box.focus()
    const posts: string[] = []
    page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/messages') posts.push(request.postData() ?? '')
    })

    // Chromium's IME emulation over CDP: a composition in progress, as an IME shows
    // it while the visitor converts "nihongo", then Enter to pick 日本語.
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('Input.imeSetComposition', { text: 'にほんご', selectionStart: 4, selectionEnd: 4 })
    await cdp.send('Input.imeSetComposition', { text: '日本語', selectionStart: 3, selectionEnd: 3 })
    await cdp.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 229, nativeVirtualKeyCode: 229 })
    await cdp.send('Input.insertText', { text: '日本語' })
    await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13, nativeVirtualKeyCode: 13 })
    await page.waitForTimeout(300)
    const log = await page.evaluate(() => (window as unknown as { keyLog: string[] }).keyLog)
    expect(log).toEqual(['compositionstart', 'keydown Enter composing=true', 'compositionend'])
    await expect(box.inputValue()).resolves.toBe('日本語')
    expect(posts).toEqual([])

    // Conversion done: Enter sends what was typed.
    await box.press('Enter')
    await page.locator('.messages li', { hasText: '日本語' }).waitFor()
    expect(posts).toHaveLength(1)
    await expect(box.inputValue()).resolves.toBe('')
    await expect(page.locator('.send-key-hint').textContent()).resolves.toBe('Enter で送信、Shift+Enter で改行')

    // Shift+Enter breaks the line and sends nothing.
    await box.pressSequentially('一行目')
    await box.press('Shift+Enter')
    await box.pressSequentially('二行目')
    await expect(box.inputValue()).resolves.toBe('一行目\n二行目')
    expect(posts).toHaveLength(1)
    await box.press('Enter')
    await page.locator('.messages li', { hasText: '二行目' }).waitFor()
    await expect(page.locator('.messages li').first().locator('.body').textContent()).resolves.toBe('一行目\n二行目')
  })

  it('logged no console errors or warnings', () => {
    expect(site.problems).toEqual([])
  })
})
