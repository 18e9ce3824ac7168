import type { NoticeSeverity, StatusBlock, StatusComponent, StatusLevel, StatusNotice, StatusRun } from '../../shared/types/status'
import { capMarks, cleanText as cleanMessageText, hasVisibleCharacter } from '../../shared/utils/message-input'
import { blocksText, noticeBody } from './notice-text'

// Caps on what one status page can put on the page: enough for a real page, small
// enough that a hostile one cannot bloat every poll of every visitor.
export const MAX_NAME = 120
export const MAX_TITLE = 200
export const MAX_COMPONENTS = 40
export const MAX_NOTICES = 5

/**
 * Provider text made safe to show as text, by the chat's own rules
 * (shared/utils/message-input.ts): a string or nothing; controls, bidirectional
 * controls (U+061C, U+202E …) and invisible formatting removed; a run of combining
 * marks cut to what real writing needs; whitespace tidied; cut to `max` characters
 * (by code point, never halving an emoji). Text that would show as nothing is ''.
 * Cleaned rather than refused: one bad title must not cost the read.
 */
export function cleanText(value: unknown, max: number, { multiline = false } = {}): string {
  if (typeof value !== 'string' && typeof value !== 'number') return ''
  let text = capMarks(cleanMessageText(String(value), multiline))
  if (!hasVisibleCharacter(text)) return ''
  text = multiline
    ? text.replace(/[ \t]+/g, ' ').replace(/ ?\n ?/g, '\n').replace(/\n{3,}/g, '\n\n').trim()
    : text.replace(/\s+/g, ' ').trim()
  const points = [...text]
  return points.length > max ? `${points.slice(0, max - 1).join('').trimEnd()}…` : text
}

export type JsonObject = Record<string, unknown>

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The value as an object, or an empty one: adapters read fields without checking each level. */
export function object(value: unknown): JsonObject {
  return isObject(value) ? value : {}
}

/** The value as an array, or an empty one. */
export function array(value: unknown): unknown[] {
  return Array.isArray(value) ? value : []
}

/**
 * A provider's id or code as text, or null for anything else. Not String(value): an
 * object such as {"toString": 1} throws when converted, and one bad field must never
 * cost the whole read.
 */
export function idOf(value: unknown): string | null {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : null
}

/**
 * The state a provider's word or code stands for in `table`; unknown for anything
 * else, inherited names included ("constructor" is no state, whatever `in` says).
 */
export function levelOf(table: Readonly<Record<string, StatusLevel>>, value: unknown): StatusLevel {
  const key = idOf(value)
  return key !== null && Object.hasOwn(table, key) ? table[key]! : 'unknown'
}

/** Whether `value` is one of the words `table` knows (own keys only, as levelOf). */
export function isKnown(table: Readonly<Record<string, unknown>>, value: unknown): value is string {
  return typeof value === 'string' && Object.hasOwn(table, value)
}

/**
 * A provider's time in milliseconds since 1970, or null. Times without a zone (Uptime
 * Kuma's "2024-05-01 12:00:00.000", Cachet's "2024-05-01 12:00:00") are UTC: both
 * store UTC. A number beyond what a date can hold (±8.64e15 ms; "updated_at":
 * 99999999999999999 made toISOString throw and blanked the whole panel) is no time.
 */
export function epochMs(value: unknown): number | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null
  let text = String(value).trim()
  if (/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text)) text = `${text.replace(' ', 'T')}Z`
  const time = new Date(typeof value === 'number' ? value : Date.parse(text)).getTime()
  return Number.isFinite(time) && time > 0 ? time : null
}

/** A provider's time as ISO 8601, or null (see epochMs). */
export function isoTime(value: unknown): string | null {
  const time = epochMs(value)
  return time === null ? null : new Date(time).toISOString()
}

/** Blocks without their first line (the first paragraph's first line, or a list's first item). */
function afterFirstLine(blocks: StatusBlock[]): StatusBlock[] {
  const [first, ...rest] = blocks
  if (!first) return []
  if (first.type !== 'p') return first.items.length > 1 ? [{ ...first, items: first.items.slice(1) }, ...rest] : rest
  const runs: StatusRun[] = []
  let cut = false
  for (const run of first.runs) {
    if (cut) runs.push(run)
    else if (run.text.includes('\n')) {
      cut = true
      const tail = run.text.slice(run.text.indexOf('\n') + 1)
      if (tail) runs.push({ ...run, text: tail })
    }
  }
  return runs.length > 0 ? [{ type: 'p', runs }, ...rest] : rest
}

/**
 * A notice with its title cleaned and capped and its text reduced from Markdown to
 * plain blocks (notice-text.ts); null when it has nothing worth showing. A notice
 * without a title (a Gatus announcement: a Markdown message alone) takes its text's
 * first line as the title and keeps the rest as its body. `postedAt` (when it was
 * created or began) is kept only when there is no update time; `severity` only when known.
 */
export function notice(title: unknown, text: unknown, updatedAt: unknown, postedAt?: unknown, severity?: NoticeSeverity): StatusNotice | null {
  const cleanTitle = cleanText(title, MAX_TITLE)
  const { body, more } = noticeBody(text)
  if (!cleanTitle && body.length === 0) return null
  const updated = isoTime(updatedAt)
  const posted = updated === null ? isoTime(postedAt) : null
  return {
    title: cleanTitle || cleanText(blocksText(body).split('\n')[0], MAX_TITLE),
    body: cleanTitle ? body : afterFirstLine(body),
    ...(more ? { more } : {}),
    ...(severity ? { severity } : {}),
    updatedAt: updated,
    ...(posted === null ? {} : { postedAt: posted }),
  }
}

/**
 * A Laravel model's update time only when it was edited: Eloquent sets updated_at to
 * created_at on insert (Cachet 2 and 3), so an equal time means "posted", never "updated".
 */
export function editedAt(updatedAt: unknown, createdAt: unknown): unknown {
  const updated = epochMs(updatedAt)
  return updated !== null && updated === epochMs(createdAt) ? null : updatedAt
}

/** The severity a provider's word stands for in `table`; undefined for anything else. */
export function severityOf(table: Readonly<Record<string, NoticeSeverity>>, value: unknown): NoticeSeverity | undefined {
  const key = idOf(value)
  return key !== null && Object.hasOwn(table, key.toLowerCase()) ? table[key.toLowerCase()] : undefined
}

/**
 * A component, its name cleaned and capped, with the group it is listed under when
 * the provider names one (Kuma's groups, Statuspage's group components, Gatus's
 * groups, Better Stack's sections). Name '' when there is none worth showing.
 */
export function component(name: unknown, state: StatusLevel, group?: unknown): StatusComponent {
  const groupName = cleanText(group, MAX_NAME)
  return { name: cleanText(name, MAX_NAME), state, ...(groupName ? { group: groupName } : {}) }
}

/** A status page's own title, cleaned like every provider text ('' when none). */
export function pageTitle(value: unknown): string {
  return cleanText(value, MAX_TITLE)
}

export function notices(list: (StatusNotice | null)[]): StatusNotice[] {
  return list.filter((item): item is StatusNotice => item !== null).slice(0, MAX_NOTICES)
}

const SEVERITY: Record<StatusLevel, number> = {
  unknown: 0,
  operational: 1,
  maintenance: 2,
  degraded: 3,
  partial_outage: 4,
  major_outage: 5,
}

/** The worst of some states; `unknown` only when nothing is known. */
export function worst(states: StatusLevel[]): StatusLevel {
  return states.reduce<StatusLevel>((worse, state) => (SEVERITY[state] > SEVERITY[worse] ? state : worse), 'unknown')
}

/**
 * An overall state from the components alone, for providers that give none: all
 * down is a major outage, some down a partial one.
 */
export function overallFromComponents(states: StatusLevel[]): StatusLevel {
  const known = states.filter(state => state !== 'unknown')
  if (known.length === 0) return 'unknown'
  const down = known.filter(state => state === 'major_outage' || state === 'partial_outage').length
  if (down > 0) return down === known.length ? 'major_outage' : 'partial_outage'
  if (known.includes('degraded')) return 'degraded'
  if (known.includes('maintenance')) return 'maintenance'
  return 'operational'
}

// ── The overall state (issue 19 item 1). State helpers only, kept apart from the text helpers above. ──

/**
 * The overall state nakanai shows: the worst of what the provider's page says (`stated`),
 * what its components say (overallFromComponents) and, when a maintenance is in progress
 * (`inMaintenance`), maintenance. Maintenance ranks below degraded (SEVERITY), so it shows
 * only while no component is down or degraded: a real outage is never read as planned
 * work, even where the provider's own banner says "maintenance" (Uptime Kuma, Cachet 3,
 * and a Statuspage, Better Stack or Instatus page whose admin set it so).
 */
export function overallState(components: StatusLevel[], { stated = [], inMaintenance = false }: { stated?: StatusLevel[], inMaintenance?: boolean } = {}): StatusLevel {
  return worst([...stated, overallFromComponents(components), inMaintenance ? 'maintenance' : 'unknown'])
}
