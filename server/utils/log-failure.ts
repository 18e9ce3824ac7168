/**
 * One line per distinct failure, at most once a minute each: a failing disk or
 * database answers every request with the same error, and a full stack per request
 * (about 39 lines on a full disk) buried the one line that says what is wrong.
 * Repeats in between are counted on the next line.
 */
const REPEAT_AFTER_MS = 60_000
/** Distinct failures remembered; the oldest is forgotten beyond this (bounded memory). */
const REMEMBERED = 100

const lastLogged = new Map<string, { at: number, repeats: number }>()

// Causes an admin can act on, said plainly. Matched on the SQLSTATE, the Node error
// code, or the text PostgreSQL and the OS put in the message.
const KNOWN_CAUSES: { test: (code: string, message: string) => boolean, says: string }[] = [
  { test: (code, message) => code === '53100' || code === 'ENOSPC' || /no space left on device/i.test(message), says: 'the disk is full' },
  { test: code => code === '53200' || code === 'ENOMEM', says: 'out of memory' },
  { test: code => code === 'EACCES' || code === 'EPERM' || code === 'EROFS', says: 'no permission to write' },
  { test: code => code === 'ECONNREFUSED', says: 'the database refuses connections (not running, or wrong host/port)' },
  { test: code => code === '28P01' || code === '28000', says: 'the database refused the credentials' },
  { test: code => code === '3D000', says: 'the database does not exist' },
  { test: code => code === '57P01' || code === '57P03', says: 'the database is shutting down or starting' },
]

/** What went wrong, on one line: the cause when known, the error's code and first line, where it was thrown. */
export function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error).split('\n')[0]!
  const code = String((error as { code?: unknown }).code ?? '')
  const message = error.message.split('\n')[0]!
  const cause = KNOWN_CAUSES.find(known => known.test(code, error.message))?.says
  // The database's own errors say enough; a program error needs the line it came from.
  const where = code ? '' : error.stack?.split('\n').find(line => line.trimStart().startsWith('at '))?.trim()
  return [cause && `${cause}:`, `${error.name}${code ? ` ${code}` : ''}: ${message}`, where && `(${where})`].filter(Boolean).join(' ')
}

/** Logs `what failed: why` unless the same line was logged in the last minute. */
export function logFailure(context: string, error: unknown, now = Date.now()): void {
  const line = `${context}: ${describeFailure(error)}`
  const last = lastLogged.get(line)
  if (last && now - last.at < REPEAT_AFTER_MS) {
    last.repeats++
    return
  }
  lastLogged.delete(line)
  lastLogged.set(line, { at: now, repeats: 0 })
  if (lastLogged.size > REMEMBERED) lastLogged.delete(lastLogged.keys().next().value!)
  const repeats = last?.repeats ? ` (and ${last.repeats} times more since the last line)` : ''
  console.error(`[nakanai] ${line}${repeats}`)
}
