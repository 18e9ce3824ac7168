import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { contentSecurityPolicy, inlineScriptHashes } from '../../server/utils/content-security-policy'

const hash = (content: string) => `'sha256-${createHash('sha256').update(content).digest('base64')}'`

describe('inlineScriptHashes', () => {
  it('hashes executable inline scripts only', () => {
    const html = '<script>window.a=1</script><script type="module" src="/_nuxt/x.js"></script>'
      + '<script type="application/json" id="__NUXT_DATA__">[1]</script><script>window.a=1</script><script nonce="x">b()</script>'
    expect(inlineScriptHashes(html)).toEqual([hash('window.a=1'), hash('b()')])
  })
})

describe('contentSecurityPolicy', () => {
  it('frames only the status page origin', () => {
    expect(contentSecurityPolicy('', 'https://status.example/p?x=1')).toContain('frame-src https://status.example;')
  })

  it('frames nothing without a (valid http) status page', () => {
    expect(contentSecurityPolicy('', '')).toContain(`frame-src 'none';`)
    expect(contentSecurityPolicy('', 'javascript:alert(1)')).toContain(`frame-src 'none';`)
  })
})
