import { describe, expect, it } from 'vitest'
import { shownInstanceName } from '../../shared/utils/instance-name'

describe('the name the page gives the instance', () => {
  it('the one the admin set wins; then the learned one; then the host; the default only without any', () => {
    expect(shownInstanceName('Our Place', 'Learned', 'https://social.example')).toBe('Our Place')
    expect(shownInstanceName('Misskey', 'Learned', 'https://social.example')).toBe('Learned')
    expect(shownInstanceName('Misskey', null, 'https://social.example/')).toBe('social.example')
    expect(shownInstanceName('', null, 'https://social.example')).toBe('social.example')
    expect(shownInstanceName('Misskey', null, '')).toBe('Misskey')
    expect(shownInstanceName(undefined, null, 'not a url')).toBe('Misskey')
  })
})
