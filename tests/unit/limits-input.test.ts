import { describe, expect, it } from 'vitest'
import { LIMIT_BOUNDS, LIMIT_NAMES, validateLimitsChange } from '../../shared/utils/limits-input'

describe('a change of the chat limits (shared by the admin page and the server)', () => {
  it('takes whole numbers within each bound, only the limits named', () => {
    for (const name of LIMIT_NAMES) {
      const { min, max } = LIMIT_BOUNDS[name]
      expect(validateLimitsChange({ [name]: min })).toEqual({ ok: true, change: { [name]: min } })
      expect(validateLimitsChange({ [name]: max })).toEqual({ ok: true, change: { [name]: max } })
      for (const wrong of [min - 1, max + 1, min + 0.5, String(min), null, true, Number.NaN]) {
        expect(validateLimitsChange({ [name]: wrong }), `${name} ${String(wrong)}`).toEqual({ ok: false, code: 'invalid_limit', field: name })
      }
    }
  })

  it('refuses nothing to change and names it does not know, own properties included', () => {
    expect(validateLimitsChange({})).toEqual({ ok: false, code: 'no_limits' })
    expect(validateLimitsChange({ per_client: 5 })).toMatchObject({ ok: false, code: 'unknown_limit', field: 'per_client' })
    expect(validateLimitsChange(JSON.parse('{"__proto__":{"perClient":1}}'))).toMatchObject({ ok: false, code: 'unknown_limit', field: '__proto__' })
    expect(validateLimitsChange({ toString: 1 })).toMatchObject({ ok: false, code: 'unknown_limit' })
  })
})
