/** Inclusive code-point ranges, ascending. */
export type Ranges = [number, number][]

/** The code points (surrogates aside: PostgreSQL text cannot hold them) that a one-character pattern matches. */
export function rangesOf(pattern: RegExp): Ranges {
  const ranges: Ranges = []
  for (let cp = 0; cp <= 0x10FFFF; cp++) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue
    if (!pattern.test(String.fromCodePoint(cp))) continue
    const last = ranges.at(-1)
    if (last && (last[1] === cp - 1 || (last[1] === 0xD7FF && cp === 0xE000))) last[1] = cp
    else ranges.push([cp, cp])
  }
  return ranges
}

const escape = (cp: number) => cp <= 0xFFFF
  ? `\\u${cp.toString(16).toUpperCase().padStart(4, '0')}`
  : `\\U${cp.toString(16).toUpperCase().padStart(8, '0')}`

/** The ranges as the inside of a PostgreSQL regular-expression bracket ([...]). */
export function toSqlBracket(ranges: Ranges): string {
  return ranges.map(([from, to]) => from === to ? escape(from) : `${escape(from)}-${escape(to)}`).join('')
}

/** Parses what toSqlBracket wrote. */
export function fromSqlBracket(text: string): Ranges {
  const ranges: Ranges = []
  for (const match of text.matchAll(/\\(?:u([0-9A-F]{4})|U([0-9A-F]{8}))(?:-\\(?:u([0-9A-F]{4})|U([0-9A-F]{8})))?/g)) {
    const from = Number.parseInt(match[1] ?? match[2]!, 16)
    const to = match[3] ?? match[4]
    ranges.push([from, to ? Number.parseInt(to, 16) : from])
  }
  return ranges
}
