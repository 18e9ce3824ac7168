import { describe, expect, it } from 'vitest'
import { blocksText, COLLAPSE_OVER, markdownBlocks, MAX_BODY, noticeBody, PREVIEW } from '../../server/status/notice-text'
import type { StatusBlock } from '../../shared/types/status'

const runsOf = (blocks: StatusBlock[]) => blocks.flatMap(block => block.type === 'p' ? block.runs : block.items.flat())
const visible = (blocks: StatusBlock[]) => blocksText(blocks)

describe('markdownBlocks: provider Markdown as plain runs', () => {
  it('keeps paragraphs, emphasis, lists and http(s) links, with no Markdown syntax left', () => {
    const blocks = markdownBlocks('We are **investigating** a *slow* database.\n\n- web is **down**\n- streaming works\n\nSee [our post](https://blog.example/p?a=1).')
    expect(blocks).toEqual([
      { type: 'p', runs: [{ text: 'We are ' }, { text: 'investigating', strong: true }, { text: ' a ' }, { text: 'slow', em: true }, { text: ' database.' }] },
      { type: 'ul', items: [[{ text: 'web is ' }, { text: 'down', strong: true }], [{ text: 'streaming works' }]] },
      { type: 'p', runs: [{ text: 'See ' }, { text: 'our post', href: 'https://blog.example/p?a=1' }, { text: '.' }] },
    ])
  })

  it('keeps nested emphasis as both, an ordered list as ordered, and a nested list in its parent', () => {
    expect(markdownBlocks('***both*** and **bold _and em_**')).toEqual([{ type: 'p', runs: [
      { text: 'both', strong: true, em: true }, { text: ' and ' }, { text: 'bold ', strong: true }, { text: 'and em', strong: true, em: true },
    ] }])
    expect(markdownBlocks('1. one\n   - inner\n2. two')).toEqual([{ type: 'ol', items: [[{ text: 'one' }], [{ text: 'inner' }], [{ text: 'two' }]] }])
  })

  it('never passes a tag on: <script>, <img onerror> and inline tags are dropped, their words kept', () => {
    const blocks = markdownBlocks('<script>alert(1)</script>\n\nHello <b>world</b> <img src=x onerror="alert(1)">!\n\n<div onclick="x()">block <i>html</i></div>')
    const text = visible(blocks)
    expect(text).toBe('Hello world !\nblock html')
    expect(text).not.toMatch(/[<>]/)
    expect(JSON.stringify(blocks)).not.toMatch(/onerror|onclick|script|alert/)
  })

  it('links only to http and https: javascript:, data: and relative links keep their words only', () => {
    const blocks = markdownBlocks('[a](javascript:alert(1)) [b](data:text/html;base64,PHNjcmlwdD4=) [c](JaVaScRiPt:x) [d](/relative) [e](vbscript:x) [f](http://ok.example/)')
    expect(runsOf(blocks)).toEqual([{ text: 'a b c d e ' }, { text: 'f', href: 'http://ok.example/' }])
  })

  it('shows headings as strong paragraphs, code and images as their words', () => {
    expect(markdownBlocks('# Outage\n\n`db-1` is down ![graph](https://img.example/g.png)\n\n```\nERROR 1\n```')).toEqual([
      { type: 'p', runs: [{ text: 'Outage', strong: true }] },
      { type: 'p', runs: [{ text: 'db-1 is down graph' }] },
      { type: 'p', runs: [{ text: 'ERROR 1' }] },
    ])
  })

  it('holds every run to the text rules: controls that entities decode to are removed, combining marks capped', () => {
    const blocks = markdownBlocks('a&#x202E;b\u200Bc **Z\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301**')
    const text = visible(blocks)
    expect(text).not.toMatch(/[\u202E\u200B]/)
    expect(text.startsWith('abc ')).toBe(true)
    expect([...text.slice(4)].length).toBeLessThan(11)
    expect(runsOf(blocks).at(-1)).toMatchObject({ strong: true })
  })

  it('caps a very long or deeply nested body, ending it with …', () => {
    const long = markdownBlocks(`${'word '.repeat(5000)}`)
    expect([...visible(long)].length).toBeLessThanOrEqual(MAX_BODY)
    expect(visible(long).endsWith('…')).toBe(true)
    const nested = markdownBlocks(`${'*'.repeat(20_000)}x${'*'.repeat(20_000)} ${'['.repeat(5000)}`)
    expect([...visible(nested)].length).toBeLessThanOrEqual(MAX_BODY)
    expect(markdownBlocks('   ')).toEqual([])
    expect(markdownBlocks({ toString: 1 })).toEqual([])
  })
})

describe('noticeBody: a long text shows its first lines, the rest one tap away', () => {
  it('leaves a short text whole', () => {
    const text = 'x'.repeat(COLLAPSE_OVER)
    expect(noticeBody(text)).toEqual({ body: [{ type: 'p', runs: [{ text }] }] })
  })

  it('splits an 1,800-character incident at a word near the preview length, losing nothing', () => {
    const paragraph = 'The database server ran out of disk and we are moving it. '.repeat(31).trim()
    expect([...paragraph].length).toBeGreaterThan(1750)
    const { body, more } = noticeBody(paragraph)
    const head = visible(body)
    expect([...head].length).toBeLessThanOrEqual(PREVIEW)
    expect([...head].length).toBeGreaterThan(PREVIEW * 0.8)
    expect(head.endsWith(' ')).toBe(false)
    expect(`${head} ${visible(more!)}`).toBe(paragraph)
  })

  it('splits between list items and keeps the list kind for the rest', () => {
    const items = Array.from({ length: 12 }, (_, index) => `- item ${index} ${'a'.repeat(40)}`).join('\n')
    const { body, more } = noticeBody(items)
    expect(body[0]!.type).toBe('ul')
    expect(more![0]!.type).toBe('ul')
    const count = (blocks: StatusBlock[]) => blocks.reduce((sum, block) => sum + (block.type === 'p' ? 0 : block.items.length), 0)
    expect(count(body) + count(more!)).toBe(12)
  })
})
