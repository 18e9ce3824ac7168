import { describe, expect, it } from 'vitest'
import { textLanguage } from '../../shared/utils/text-language'

describe('textLanguage', () => {
  it('tells Japanese, Korean and Chinese text by their scripts', () => {
    expect(textLanguage('サーバーが落ちてから10分')).toBe('ja')
    expect(textLanguage('待ってから戻ります')).toBe('ja')
    expect(textLanguage('서버가 다운되었습니다')).toBe('ko')
    expect(textLanguage('服务器暂时无法访问')).toBe('zh')
  })

  it('leaves the rest to the page\'s language', () => {
    expect(textLanguage('The timeline is gone')).toBeUndefined()
    expect(textLanguage('')).toBeUndefined()
    expect(textLanguage('👍 https://example.com/')).toBeUndefined()
  })
})
