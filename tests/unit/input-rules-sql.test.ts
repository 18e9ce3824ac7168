import { PGlite } from '@electric-sql/pglite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrate } from '../../server/store/migrate'
import { pgliteDriver } from '../../server/store/pglite-driver'
import { createSqlStore } from '../../server/store/sql-store'
import { StoreLimitError } from '../../server/store/errors'
import type { Store } from '../../server/store/types'
import { COMBINING_MARK, INVISIBLE, MESSAGE_LIMITS, validateMessageInput } from '../../shared/utils/message-input'
import { validateNoticeInput } from '../../shared/utils/notice-input'
import { loadMigrations } from '../support/migrations'
import { rangesOf, type Ranges } from '../support/unicode-ranges'

// The rules of shared/utils/message-input.ts and of the SQL (input_rules migration)
// must agree: the server refuses what SQL would, and SQL holds the rules for every
// other writer. Checked here on PGlite, for every code point.

let db: PGlite
let store: Store
let clients = 0
const newClient = () => `${(++clients).toString(16).padStart(16, '0')}`

beforeAll(async () => {
  db = new PGlite()
  await migrate(pgliteDriver(db), loadMigrations())
  store = createSqlStore('pglite', pgliteDriver(db))
}, 120_000)

afterAll(async () => {
  await db?.close()
})

// Every code point but U+0000 and the surrogates (text cannot hold them), planes 4
// to 13 (nothing assigned) and the private-use planes 15 and 16 (none in any class).
const CHECKED: Ranges = [[0x1, 0xD7FF], [0xE000, 0x3FFFF], [0xE0000, 0xEFFFF]]

/** The checked code points for which `predicate` (SQL, of the one-character text `c`) holds. */
async function sqlRanges(predicate: string): Promise<Ranges> {
  const series = CHECKED.map(([from, to]) => `select generate_series(${from}, ${to}) as cp`).join(' union all ')
  const { rows } = await db.query<{ from: number, to: number }>(`
    select min(cp) as "from", max(cp) as "to"
    from (
      select cp, cp - row_number() over (order by cp) as island
      from (select cp, chr(cp) as c from (${series}) s) code_points
      where ${predicate}
    ) matching
    group by island order by 1`)
  return rows.map(({ from, to }) => [from, to])
}

/** rangesOf(pattern) cut to the checked code points, split where SQL's islands are. */
function jsRanges(pattern: RegExp): Ranges {
  return rangesOf(pattern).flatMap(([from, to]) => CHECKED
    .map(([low, high]): [number, number] => [Math.max(from, low), Math.min(to, high)])
    .filter(([start, end]) => start <= end))
}

describe('the SQL character classes match the shared rules for every code point', () => {
  it('invisible characters', async () => {
    expect(await sqlRanges('not nakanai.has_visible_character(c)')).toEqual(jsRanges(INVISIBLE))
  })

  it('combining marks', async () => {
    expect(await sqlRanges(`nakanai.has_too_many_marks(repeat(c, ${MESSAGE_LIMITS.marksPerLetterMax + 1}))`)).toEqual(jsRanges(COMBINING_MARK))
  })
})

const marks = (count: number) => Array.from({ length: count }, (_, i) => String.fromCodePoint(0x0300 + (i % 0x70))).join('')

// [label, body, name]: the server and SQL must both accept or both refuse.
const CASES: [string, string, string | null][] = [
  ['plain text', 'hello', null],
  ['8 combining marks on a letter', `a${marks(8)}`, null],
  ['9 combining marks on a letter', `a${marks(9)}`, null],
  ['a letter with 499 combining marks', `a${marks(499)}`, null],
  ['Vietnamese', 'Tiếng Việt có dấu', null],
  ['a keycap emoji', '1\uFE0F\u20E3', null],
  ['only U+034F', '\u034F', null],
  ['only U+FE0F', '\uFE0F\uFE0F', null],
  ['only U+17B4', '\u17B4', null],
  ['a bare U+0301', '\u0301', null],
  ['only a braille blank', '\u2800', null],
  ['a name of U+034F', 'x', '\u034F'],
  ['a name with 9 marks', 'x', `n${marks(9)}`],
]

describe('the server\'s validation and post_message agree', () => {
  it.each(CASES)('%s', async (_label, body, name) => {
    const shared = validateMessageInput({ body, name })
    // The raw text as another writer would send it; NFC as the table requires.
    const stored = await store.post({ body: body.normalize('NFC'), name: name?.normalize('NFC') ?? null, clientHash: newClient() })
      .then(() => 'stored', (error: unknown) => error instanceof StoreLimitError ? error.code : error)
    const sharedNameKept = shared.ok && (name === null || shared.name !== null)
    expect(stored).toBe(sharedNameKept ? 'stored' : 'invalid')
  })
})

describe('duplicates are compared as a reader sees them', () => {
  it.each([
    ['case', 'Hello there', 'HELLO THERE'],
    ['white space', 'hello there', 'hello \n  there'],
    ['full-width forms (NFKC)', 'hello there', 'ｈｅｌｌｏ　ｔｈｅｒｅ'],
    ['invisible characters', 'hello there', 'hel\u034Flo\uFE0F there\u2060'],
    ['accented capitals', 'ÉCOLE ΣΟΦΊΑ', 'école σοφία'],
  ])('%s', async (_label, first, second) => {
    const client = newClient()
    await store.post({ body: first, name: null, clientHash: client })
    await expect(store.post({ body: second, name: null, clientHash: client })).rejects.toMatchObject({ code: 'duplicate' })
  })

  it('still takes a different message', async () => {
    const client = newClient()
    await store.post({ body: 'hello there', name: null, clientHash: client })
    await expect(store.post({ body: 'hello their', name: null, clientHash: client })).resolves.toMatchObject({ body: 'hello their' })
  })
})

// Issue 18 item 13: official updates follow the same text rules, in SQL too, and do not
// promise a time already past.
describe('the server\'s validation and post_notice agree', () => {
  const inAnHour = () => new Date(Date.now() + 3600_000).toISOString()
  const aMinuteAgo = () => new Date(Date.now() - 60_000).toISOString()
  it.each<[string, string, () => string | null]>([
    ['plain text', 'Back at nine', () => null],
    ['an expected time to come', 'Back soon', inAnHour],
    ['8 combining marks on a letter', `a${marks(8)}`, () => null],
    ['50 combining marks on a letter', `a${marks(50)}`, () => null],
    ['only invisible characters', '\u034F\u0301\u2800', () => null],
    ['an expected time already past', 'Back soon', aMinuteAgo],
  ])('%s', async (_label, body, expectedBackAt) => {
    const time = expectedBackAt()
    const shared = validateNoticeInput({ body, expectedBackAt: time })
    const stored = await store.postNotice({ body: body.normalize('NFC'), expectedBackAt: time })
      .then(() => 'stored', (error: unknown) => error instanceof StoreLimitError ? error.code : error)
    expect(stored).toBe(shared.ok ? 'stored' : 'invalid')
  })

  it('holds the text rules for writers other than post_notice', async () => {
    await expect(db.query(`insert into nakanai.notices (body) values ($1)`, [`a${marks(50)}`.normalize('NFC')])).rejects.toThrow(/notices_body_shows/)
  })
})
