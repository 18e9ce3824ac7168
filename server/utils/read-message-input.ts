import type { H3Event } from 'h3'
import { z } from 'zod'
import { MESSAGE_LIMITS, validateMessageInput } from '../../shared/utils/message-input'
import { ApiError } from './api-error'

const JsonInput = z.object({
  body: z.unknown(),
  name: z.unknown().optional(),
})

const INPUT_MESSAGES = {
  invalid_type: 'Send a JSON object whose "body" (and optional "name") are strings.',
  body_required: 'The message is empty.',
  body_too_long: `The message is longer than ${MESSAGE_LIMITS.bodyMax} characters.`,
  name_too_long: `The name is longer than ${MESSAGE_LIMITS.nameMax} characters.`,
} as const

export type RequestKind = 'json' | 'form'

/** Which kind of request this is, from its Content-Type; others are refused. */
export function requestKind(event: H3Event): RequestKind {
  const [type = '', ...parameters] = (getRequestHeader(event, 'content-type') ?? '').toLowerCase().split(';').map(part => part.trim())
  const charset = parameters.find(part => part.startsWith('charset='))?.slice(8).replace(/"/g, '')
  if (charset && charset !== 'utf-8' && charset !== 'utf8') {
    throw new ApiError(415, 'unsupported_charset', 'Send the message as UTF-8.')
  }
  if (type === 'application/json') return 'json'
  if (type === 'application/x-www-form-urlencoded') return 'form'
  throw new ApiError(415, 'unsupported_media_type', 'Send application/json or a form (application/x-www-form-urlencoded).')
}

/** Reads at most `limit` bytes of the body; more is refused without reading on. */
async function readLimitedText(event: H3Event, limit: number): Promise<string> {
  const declared = Number(getRequestHeader(event, 'content-length'))
  const tooLarge = () => new ApiError(413, 'payload_too_large', `Request bodies are limited to ${limit} bytes.`)
  if (declared > limit) throw tooLarge()

  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of event.node.req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > limit) throw tooLarge()
    chunks.push(chunk)
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks))
  }
  catch {
    throw new ApiError(400, 'invalid_encoding', 'The request body is not valid UTF-8.')
  }
}

export interface MessageFields {
  body?: unknown
  name?: unknown
  /** Form posts only: the page's `from`, to send the visitor back to the same page. */
  from?: string
}

function parse(kind: RequestKind, text: string): MessageFields {
  if (kind === 'form') {
    const form = new URLSearchParams(text)
    return { body: form.get('body') ?? undefined, name: form.get('name') ?? undefined, from: form.get('from') ?? undefined }
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  }
  catch {
    throw new ApiError(400, 'invalid_json', 'The request body is not valid JSON.')
  }
  const parsed = JsonInput.safeParse(json)
  if (!parsed.success) throw new ApiError(422, 'invalid_type', INPUT_MESSAGES.invalid_type)
  return parsed.data
}

/** The fields of a JSON or form POST, not yet validated; an ApiError if unreadable. */
export async function readMessageFields(event: H3Event, kind: RequestKind): Promise<MessageFields> {
  return parse(kind, await readLimitedText(event, MESSAGE_LIMITS.requestBytesMax))
}

/** The cleaned message, or an ApiError saying what is wrong with it. */
export function validateMessageFields(fields: MessageFields): { body: string, name: string | null } {
  const result = validateMessageInput(fields)
  if (!result.ok) throw new ApiError(422, result.code, INPUT_MESSAGES[result.code])
  return { body: result.body, name: result.name }
}
