import type { MessageFields } from './read-message-input'

/** The first `max` characters (code points): a cut never splits an emoji's surrogate pair. */
function firstCharacters(text: string, max: number): string {
  let end = 0
  let count = 0
  for (const character of text) {
    if (count++ === max) break
    end += character.length
  }
  return text.slice(0, end)
}

/**
 * Where a form post (JavaScript off) sends the visitor: back to the page, keeping
 * `from` (last, as nginx puts it) and, on failure, the error and what they typed.
 * Cut by code points: half a surrogate pair made encodeURIComponent throw, and a
 * stored message was then reported as failed.
 */
export function pageAfterFormPost(fields: MessageFields, errorCode?: string): string {
  const query: string[] = []
  if (errorCode) {
    query.push(`error=${encodeURIComponent(errorCode)}`)
    if (typeof fields.body === 'string') query.push(`draft=${encodeURIComponent(firstCharacters(fields.body, 2000))}`)
  }
  if (fields.from) query.push(`from=${encodeURIComponent(firstCharacters(fields.from, 4096))}`)
  return `/${query.length ? `?${query.join('&')}` : ''}#chat`
}
