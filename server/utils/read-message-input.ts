import type { H3Event } from 'h3'
import { MESSAGE_LIMITS, validateMessageInput, type InputErrorCode } from '../../shared/utils/message-input'
import { ApiError } from './api-error'
import { parseForm, readLimitedText, type RequestKind } from './request-body'

const INPUT_MESSAGES: Record<InputErrorCode, string> = {
  invalid_type: 'Send a JSON object whose "body" (and optional "name") are strings.',
  body_required: 'The message is empty.',
  body_too_long: `The message is longer than ${MESSAGE_LIMITS.bodyMax} characters.`,
  name_too_long: `The name is longer than ${MESSAGE_LIMITS.nameMax} characters.`,
  name_invalid: 'A name is one line of text.',
  too_many_marks: `A letter carries more than ${MESSAGE_LIMITS.marksPerLetterMax} combining marks.`,
}

export interface MessageFields {
  body?: unknown
  name?: unknown
  /** Form posts only: the page's `from`, to send the visitor back to the same page. */
  from?: string
}

function parse(kind: RequestKind, text: string): MessageFields {
  if (kind !== 'json') {
    const form = parseForm(text)
    return { body: form.get('body'), name: form.get('name'), from: form.get('from') }
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  }
  catch {
    throw new ApiError(400, 'invalid_json', 'The request body is not valid JSON.')
  }
  // Only an object is checked here: what its fields must be is shared/'s to say.
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new ApiError(422, 'invalid_type', INPUT_MESSAGES.invalid_type)
  const { body, name } = json as MessageFields
  return { body, name }
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
