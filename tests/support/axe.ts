import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/** WCAG 2.1 A and AA, and AAA's enhanced contrast (issue 20 item 9: text at 7:1). */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']

export interface AxeViolation {
  id: string
  impact: string | null
  help: string
  targets: string[]
}

/**
 * axe-core run in the page as it is now (evaluated through the DevTools protocol, so the
 * page's CSP, which allows no such script, stays as it is): the violations, each with the
 * elements it found.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  if (!await page.evaluate(() => 'axe' in window)) await page.evaluate(AXE_SOURCE)
  return page.evaluate(async (tags) => {
    type Result = { violations: { id: string, impact: string | null, help: string, nodes: { target: string[] }[] }[] }
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<Result> } }).axe
    const result = await axe.run(document, {
      // A framed status page is the provider's page, not this one (and axe's messages to
      // another origin's frame are console warnings).
      iframes: false,
      runOnly: { type: 'tag', values: tags },
      rules: { 'color-contrast-enhanced': { enabled: true } },
    })
    return result.violations.map(violation => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.map(node => node.target.join(' ')),
    }))
  }, AXE_TAGS)
}

/**
 * The words inside `selector`'s elements that the browser drew on more than one line
 * (a word: a run without spaces; a run of CJK text counts whole, as "7分前" does), except
 * those longer than `longestKept` characters (a long URL may break).
 */
export function wordsBrokenAcrossLines(page: Page, selector: string, longestKept = 30): Promise<string[]> {
  return page.evaluate(({ selector, longestKept }) => {
    const broken: string[] = []
    for (const element of document.querySelectorAll(selector)) {
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT)
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? ''
        // A word: a run without spaces; a host name may break after its dots (<wbr>).
        for (const match of text.matchAll(/[^\s.]+\.?/g)) {
          if (match[0].length > longestKept) continue
          const range = document.createRange()
          range.setStart(node, match.index)
          range.setEnd(node, match.index + match[0].length)
          const tops = new Set([...range.getClientRects()].filter(rect => rect.width > 0).map(rect => Math.round(rect.top)))
          if (tops.size > 1) broken.push(`${match[0]} (in ${element.tagName.toLowerCase()}.${[...element.classList].join('.')})`)
        }
      }
    }
    return broken
  }, { selector, longestKept })
}
