/** Whether an If-None-Match header names this (strong) ETag; weak comparison, as HTTP asks for GET. */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch || ifNoneMatch.length > 4096) return false
  if (ifNoneMatch.trim() === '*') return true
  return ifNoneMatch.split(',').some(candidate => candidate.trim().replace(/^W\//, '') === etag)
}
