import type { H3Event } from 'h3'
import type { ChatLimits } from '../../shared/types/moderation'
import { LIMIT_BOUNDS, LIMIT_NAMES, validateLimitsChange } from '../../shared/utils/limits-input'
import { ApiError } from './api-error'
import { readJsonObject } from './read-json-object'

const REQUEST_BYTES_MAX = 4 * 1024
const ranges = LIMIT_NAMES.map(name => `${name} ${LIMIT_BOUNDS[name].min}-${LIMIT_BOUNDS[name].max}`).join(', ')

/** PATCH /api/limits: some of the limits, whole numbers (times in seconds) within their bounds. */
export async function readLimitsChange(event: H3Event): Promise<Partial<ChatLimits>> {
  const invalidType = () => new ApiError(422, 'invalid_type', `Send a JSON object of limits to change: ${ranges}.`)
  const result = validateLimitsChange(await readJsonObject(event, REQUEST_BYTES_MAX, invalidType))
  if (result.ok) return result.change
  switch (result.code) {
    case 'no_limits': throw new ApiError(422, 'no_limits', `Name at least one limit to change: ${ranges}.`)
    case 'unknown_limit': throw new ApiError(422, 'unknown_limit', `${JSON.stringify(result.field?.slice(0, 64))} is not a limit; the limits are ${LIMIT_NAMES.join(', ')}.`)
    case 'invalid_limit': {
      const { min, max } = LIMIT_BOUNDS[result.field as keyof ChatLimits]
      throw new ApiError(422, 'invalid_limit', `"${result.field}" must be a whole number from ${min} to ${max}.`)
    }
  }
}
