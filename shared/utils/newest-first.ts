/**
 * The order every list of messages (and notices) keeps, on the server and in the
 * browser: newest first, each id once (the first occurrence wins, so a caller puts
 * the version it trusts first), at most `limit`.
 */
export function newestFirst<T extends { id: number }>(items: readonly T[], limit: number): T[] {
  const seen = new Set<number>()
  const unique: T[] = []
  for (const item of items) {
    if (seen.has(item.id)) continue
    seen.add(item.id)
    unique.push(item)
  }
  return unique.sort((a, b) => b.id - a.id).slice(0, limit)
}
