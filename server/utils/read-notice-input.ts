import type { H3Event } from 'h3'
import { MESSAGE_LIMITS } from '../../shared/utils/message-input'
import { NOTICE_LIMITS, parseExpectedBack, validateNoticeInput, type NoticeInputErrorCode } from '../../shared/utils/notice-input'
import { ApiError } from './api-error'
import { readLimitedText } from './request-body'

const MESSAGES: Record<NoticeInputErrorCode, string> = {
  invalid_type: 'Send a JSON object whose "body" is a string (and "expectedBackAt" an ISO 8601 time or null).',
  body_required: 'The update is empty.',
  body_too_long: `The update is longer than ${NOTICE_LIMITS.bodyMax} characters.`,
  too_many_marks: `A letter carries more than ${MESSAGE_LIMITS.marksPerLetterMax} combining marks.`,
  invalid_expected_back: '"expectedBackAt" must be an absolute time with its offset (2026-11-29T21:30:00+09:00), within a year, or null.',
  expected_back_past: '"expectedBackAt" is already past: give a time still to come, or null for none.',
}

const refuse = (code: NoticeInputErrorCode) => new ApiError(422, code, MESSAGES[code])

/** The JSON object of an admin's request; notices are written by scripts and the admin view, never by forms. */
async function readJsonObject(event: H3Event): Promise<Record<string, unknown>> {
  const type = (getRequestHeader(event, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase()
  if (type !== 'application/json') throw new ApiError(415, 'unsupported_media_type', 'Send application/json.')
  let json: unknown
  try {
    json = JSON.parse(await readLimitedText(event, NOTICE_LIMITS.requestBytesMax))
  }
  catch (error) {
    if (error instanceof ApiError) throw error
    throw new ApiError(400, 'invalid_json', 'The request body is not valid JSON.')
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw refuse('invalid_type')
  return json as Record<string, unknown>
}

/** POST /api/notices: `{ body, expectedBackAt? }`, cleaned like a chat message. */
export async function readNewNotice(event: H3Event): Promise<{ body: string, expectedBackAt: string | null }> {
  const result = validateNoticeInput(await readJsonObject(event))
  if (!result.ok) throw refuse(result.code)
  return { body: result.body, expectedBackAt: result.expectedBackAt }
}

/** PATCH /api/notices/:id: `{ expectedBackAt }`, a time or null to clear it. */
export async function readExpectedBackChange(event: H3Event): Promise<string | null> {
  const json = await readJsonObject(event)
  if (!('expectedBackAt' in json)) throw refuse('invalid_expected_back')
  const expected = parseExpectedBack(json.expectedBackAt)
  if (expected === undefined) throw refuse('invalid_expected_back')
  if (expected && typeof expected === 'object') throw refuse(expected.error)
  return expected
}
