import type { H3Event } from 'h3'
import { MESSAGE_LIMITS } from '../../shared/utils/message-input'
import { NOTICE_LIMITS, parseExpectedBack, validateNoticeInput, type NoticeInputErrorCode } from '../../shared/utils/notice-input'
import { ApiError } from './api-error'
import type { NoticeChange } from '../store/types'
import { readJsonObject } from './read-json-object'

const MESSAGES: Record<NoticeInputErrorCode, string> = {
  invalid_type: 'Send a JSON object whose "body" is a string (and "expectedBackAt" an ISO 8601 time or null).',
  body_required: 'The update is empty.',
  body_too_long: `The update is longer than ${NOTICE_LIMITS.bodyMax} characters.`,
  too_many_marks: `A letter carries more than ${MESSAGE_LIMITS.marksPerLetterMax} combining marks.`,
  invalid_expected_back: '"expectedBackAt" must be an absolute time with its offset (2026-11-29T21:30:00+09:00), within a year, or null.',
  expected_back_past: '"expectedBackAt" is already past: give a time still to come, or null for none.',
}

const refuse = (code: NoticeInputErrorCode) => new ApiError(422, code, MESSAGES[code])

const readObject = (event: H3Event) => readJsonObject(event, NOTICE_LIMITS.requestBytesMax, () => refuse('invalid_type'))

/** POST /api/notices: `{ body, expectedBackAt? }`, cleaned like a chat message. */
export async function readNewNotice(event: H3Event): Promise<{ body: string, expectedBackAt: string | null }> {
  const result = validateNoticeInput(await readObject(event))
  if (!result.ok) throw refuse(result.code)
  return { body: result.body, expectedBackAt: result.expectedBackAt }
}

/** PATCH /api/notices/:id: `{ expectedBackAt?, resolved? }`, at least one: a time or null to clear it, true or false. */
export async function readNoticeChange(event: H3Event): Promise<NoticeChange> {
  const json = await readObject(event)
  const change: NoticeChange = {}
  if ('expectedBackAt' in json) {
    const expected = parseExpectedBack(json.expectedBackAt)
    if (expected === undefined) throw refuse('invalid_expected_back')
    if (expected && typeof expected === 'object') throw refuse(expected.error)
    change.expectedBackAt = expected
  }
  if ('resolved' in json) {
    if (typeof json.resolved !== 'boolean') throw new ApiError(422, 'invalid_resolved', '"resolved" is true (the outage is over) or false.')
    change.resolved = json.resolved
  }
  if (Object.keys(change).length === 0) throw refuse('invalid_expected_back')
  return change
}
