import MarkdownIt from 'markdown-it'
import type { StatusBlock, StatusRun } from '../../shared/types/status'
import { capMarks, cleanText as cleanMessageText, hasVisibleCharacter } from '../../shared/utils/message-input'

// Status pages (Uptime Kuma, Statuspage, Instatus, Cachet) write incident bodies in
// Markdown, often with some HTML. The page shows them as a small structure of plain
// text runs (paragraphs, lists, emphasis, http/https links), built here on the server:
// the browser never parses Markdown (no client library, no v-html), and no markup the
// provider wrote ever reaches the page as markup.

/** Visible characters kept of one body; a longer one ends in '…'. */
export const MAX_BODY = 2000
/** Source characters parsed at most: bounds the parser's work on a hostile page. */
const MAX_SOURCE = 4 * MAX_BODY
/** A body longer than COLLAPSE_OVER shows its first PREVIEW characters; the rest is one tap away. */
export const PREVIEW = 240
export const COLLAPSE_OVER = 400

// html: true only so that the parser recognises tags as tags: they are then dropped
// (walk below), never passed on. Linkify off: only links the author wrote are links.
// Every link is accepted by the parser and judged in the walk, so that a refused one
// (javascript:, data:) still shows its words rather than its Markdown syntax.
const markdown = new MarkdownIt('default', { html: true, linkify: false, typographer: false })
markdown.validateLink = () => true

// What an HTML block holds as text: script and style contents are code, not words.
const HIDDEN_ELEMENTS = /<(script|style|template)\b[\s\S]*?(<\/\1\s*>|$)/gi
const TAG = /<\/?[a-z][^>]*>?|<!--[\s\S]*?(-->|$)/gi

function safeHref(href: string | null): string | undefined {
  if (!href) return undefined
  try {
    const url = new URL(href)
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined
  }
  catch {
    return undefined
  }
}

/** Edge whitespace as one space, or one line break when it has one (the author's lines are kept). */
const edge = (space: string) => space.includes('\n') ? '\n' : space ? ' ' : ''

/** A run's text held to the chat's rules (entities can decode to controls), its edge spaces kept. */
function cleanRun(text: string): string {
  const lead = edge(/^\s*/.exec(text)![0])
  const inner = capMarks(cleanMessageText(text, true))
  if (!inner) return lead
  return `${lead}${inner}${edge(/\s*$/.exec(text)![0])}`
}

interface Style { strong: number, em: number, href?: string }

function pushRun(runs: StatusRun[], text: string, style: Style) {
  const clean = cleanRun(text)
  if (!clean) return
  const run: StatusRun = { text: clean }
  if (style.strong) run.strong = true
  if (style.em) run.em = true
  if (style.href) run.href = style.href
  const last = runs.at(-1)
  if (last && last.strong === run.strong && last.em === run.em && last.href === run.href) last.text += run.text
  else runs.push(run)
}

type Token = ReturnType<typeof markdown.parse>[number]

function inlineRuns(children: Token[], base: Partial<Style> = {}): StatusRun[] {
  const runs: StatusRun[] = []
  const style: Style = { strong: base.strong ?? 0, em: base.em ?? 0 }
  // Inside an inline <script> or <style>: code, not words.
  let hidden = 0
  for (const token of children) {
    if (token.type === 'html_inline') {
      if (/^<(script|style|template)\b/i.test(token.content)) hidden++
      else if (/^<\/(script|style|template)\b/i.test(token.content)) hidden = Math.max(0, hidden - 1)
      continue
    }
    if (hidden) continue
    switch (token.type) {
      case 'text':
      case 'code_inline':
        pushRun(runs, token.content, style)
        break
      case 'softbreak':
      case 'hardbreak':
        pushRun(runs, '\n', style)
        break
      case 'strong_open': style.strong++
        break
      case 'strong_close': style.strong = Math.max(0, style.strong - 1)
        break
      case 'em_open': style.em++
        break
      case 'em_close': style.em = Math.max(0, style.em - 1)
        break
      case 'link_open': style.href = safeHref(String(token.attrGet('href') ?? ''))
        break
      case 'link_close': style.href = undefined
        break
      case 'image':
        // An image shows its words: images are not shown (no third-party requests from the page).
        pushRun(runs, token.content, style)
        break
      // Anything else (tags above): dropped.
    }
  }
  return runs
}

function trimRuns(runs: StatusRun[]): StatusRun[] {
  const out = runs.map(run => ({ ...run, text: run.text.replace(/[ \t]*\n[ \t]*/g, '\n') }))
  while (out.length && !hasVisibleCharacter(out[0]!.text)) out.shift()
  while (out.length && !hasVisibleCharacter(out.at(-1)!.text)) out.pop()
  if (out.length) {
    out[0]!.text = out[0]!.text.trimStart()
    out.at(-1)!.text = out.at(-1)!.text.trimEnd()
  }
  return out
}

/**
 * Provider text (Markdown, maybe with HTML) as blocks of plain text runs: paragraphs
 * (headings, quotes, code and HTML blocks become paragraphs of their words), lists
 * (nested ones flattened), strong/em, links to http/https only (others keep their
 * words). Tags and Markdown syntax never show; every run follows the chat's text rules.
 */
export function markdownBlocks(value: unknown): StatusBlock[] {
  if (typeof value !== 'string' && typeof value !== 'number') return []
  const source = [...capMarks(cleanMessageText(String(value), true))].slice(0, MAX_SOURCE).join('')
  const blocks: StatusBlock[] = []
  const lists: Extract<StatusBlock, { type: 'ul' | 'ol' }>[] = []
  let heading = false
  const addParagraph = (runs: StatusRun[]) => {
    const trimmed = trimRuns(runs)
    if (trimmed.length) blocks.push({ type: 'p', runs: trimmed })
  }
  for (const token of markdown.parse(source, {})) {
    switch (token.type) {
      case 'bullet_list_open':
      case 'ordered_list_open':
        // A nested list continues its parent's items: one level keeps the page simple.
        if (!lists.length) {
          const list = { type: token.type === 'bullet_list_open' ? 'ul' as const : 'ol' as const, items: [] }
          blocks.push(list)
          lists.push(list)
        }
        else lists.push(lists.at(-1)!)
        break
      case 'bullet_list_close':
      case 'ordered_list_close':
        lists.pop()
        break
      case 'heading_open': heading = true
        break
      case 'heading_close': heading = false
        break
      case 'inline': {
        const runs = inlineRuns(token.children ?? [], { strong: heading ? 1 : 0 })
        if (lists.length) {
          const trimmed = trimRuns(runs)
          if (trimmed.length) lists.at(-1)!.items.push(trimmed)
        }
        else addParagraph(runs)
        break
      }
      case 'fence':
      case 'code_block':
        addParagraph([{ text: cleanRun(token.content) }])
        break
      case 'html_block':
        addParagraph([{ text: cleanRun(token.content.replace(HIDDEN_ELEMENTS, '').replace(TAG, '')) }])
        break
    }
  }
  // A list whose items were all empty says nothing.
  return capBlocks(blocks.filter(block => block.type === 'p' || block.items.length > 0), MAX_BODY)
}

const length = (runs: StatusRun[]) => runs.reduce((sum, run) => sum + [...run.text].length, 0)
const blockLength = (block: StatusBlock) => block.type === 'p' ? length(block.runs) : block.items.reduce((sum, item) => sum + length(item), 0)

/** Runs cut to `max` visible characters, at a space near the end when there is one. */
function cutRuns(runs: StatusRun[], max: number, { ellipsis }: { ellipsis: boolean }): { head: StatusRun[], tail: StatusRun[] } {
  const head: StatusRun[] = []
  let left = max
  for (let index = 0; index < runs.length; index++) {
    const run = runs[index]!
    const points = [...run.text]
    if (points.length <= left) {
      head.push(run)
      left -= points.length
      continue
    }
    // Room for the '…' a cut body ends in: the whole stays within max.
    const room = ellipsis ? left - 1 : left
    let cut = room
    // Prefer a word boundary in the last fifth (none in CJK text: cut where the limit falls).
    const space = points.slice(0, room).lastIndexOf(' ')
    if (space > room * 0.8) cut = space
    const kept = points.slice(0, cut).join('').trimEnd()
    if (kept) head.push({ ...run, text: ellipsis ? `${kept}…` : kept })
    else if (ellipsis && head.length) head.at(-1)!.text += '…'
    const rest = points.slice(cut).join('').trimStart()
    return { head, tail: [...(rest ? [{ ...run, text: rest }] : []), ...runs.slice(index + 1)] }
  }
  return { head, tail: [] }
}

/** Blocks cut to `max` visible characters; the cut one ends in '…'. */
function capBlocks(blocks: StatusBlock[], max: number): StatusBlock[] {
  return splitBlocks(blocks, max, { ellipsis: true }).head
}

/** The first `max` characters of blocks and what follows, cut at a block, item or word. */
function splitBlocks(blocks: StatusBlock[], max: number, { ellipsis }: { ellipsis: boolean }): { head: StatusBlock[], tail: StatusBlock[] } {
  const head: StatusBlock[] = []
  let left = max
  for (let index = 0; index < blocks.length; index++) {
    const block = blocks[index]!
    const size = blockLength(block)
    if (size <= left) {
      head.push(block)
      left -= size
      continue
    }
    const rest = blocks.slice(index + 1)
    // A preview that already has half its lines ends where a paragraph ends.
    if (!ellipsis && left <= max / 2) return { head, tail: blocks.slice(index) }
    if (block.type === 'p') {
      const { head: runs, tail } = cutRuns(block.runs, left, { ellipsis })
      if (runs.length) head.push({ type: 'p', runs })
      return { head, tail: [...(tail.length ? [{ type: 'p' as const, runs: tail }] : []), ...rest] }
    }
    const items: StatusRun[][] = []
    for (let item = 0; item < block.items.length; item++) {
      const itemSize = length(block.items[item]!)
      if (itemSize <= left) {
        items.push(block.items[item]!)
        left -= itemSize
        continue
      }
      // …or where an item ends, when one fits.
      const whole = !ellipsis && items.length > 0
      const { head: runs, tail } = whole ? { head: [], tail: block.items[item]! } : cutRuns(block.items[item]!, left, { ellipsis })
      if (runs.length) items.push(runs)
      const restItems = [...(tail.length ? [tail] : []), ...block.items.slice(item + 1)]
      if (items.length) head.push({ ...block, items })
      return { head, tail: [...(restItems.length ? [{ ...block, items: restItems }] : []), ...rest] }
    }
  }
  return { head, tail: [] }
}

/**
 * A notice's body as its first lines and, for a long one, the rest: shown on the page
 * one tap away (<details>), so that a long incident never fills the phone's screen.
 */
export function noticeBody(value: unknown): { body: StatusBlock[], more?: StatusBlock[] } {
  const blocks = markdownBlocks(value)
  if (blocks.reduce((sum, block) => sum + blockLength(block), 0) <= COLLAPSE_OVER) return { body: blocks }
  const { head, tail } = splitBlocks(blocks, PREVIEW, { ellipsis: false })
  return tail.length ? { body: head, more: tail } : { body: head }
}

/** Blocks as plain text, one line per paragraph or item (for a notice without a title, and tests). */
export function blocksText(blocks: StatusBlock[]): string {
  return blocks.flatMap(block => block.type === 'p' ? [block.runs] : block.items)
    .map(runs => runs.map(run => run.text).join(''))
    .join('\n')
}
