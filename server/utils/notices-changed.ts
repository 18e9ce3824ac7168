/**
 * After an admin posts, edits or deletes a notice: the notices are read with the
 * messages (one store read per window), so the next poll reads both again.
 */
export function noticesChanged(): void {
  invalidateRecentMessages()
}
