import type { MessageFields } from './read-message-input'

/**
 * Where a form post (JavaScript off) sends the visitor: back to the page, keeping
 * `from` (last, as nginx puts it) and, on failure, the error and what they typed.
 */
export function pageAfterFormPost(fields: MessageFields, errorCode?: string): string {
  const query: string[] = []
  if (errorCode) {
    query.push(`error=${encodeURIComponent(errorCode)}`)
    if (typeof fields.body === 'string') query.push(`draft=${encodeURIComponent(fields.body.slice(0, 2000))}`)
  }
  if (fields.from) query.push(`from=${encodeURIComponent(fields.from.slice(0, 4096))}`)
  return `/${query.length ? `?${query.join('&')}` : ''}#chat`
}
