import { describe, expect, it } from 'vitest'
import { ApiError } from '../../server/utils/api-error'
import { parseForm } from '../../server/utils/request-body'

describe('parseForm', () => {
  it.each([
    ['', {}],
    ['body=hello', { body: 'hello' }],
    ['body=hello+world&name=Ann', { body: 'hello world', name: 'Ann' }],
    ['body=a%2Bb%26c%3Dd', { body: 'a+b&c=d' }],
    ['body=%E3%81%93%E3%82%93%E3%81%AB%E3%81%A1%E3%81%AF', { body: 'こんにちは' }],
    ['body=line1%0D%0Aline2', { body: 'line1\r\nline2' }],
    ['body=a=b=c', { body: 'a=b=c' }],
    ['body=', { body: '' }],
    ['body', { body: '' }],
    ['&&body=x&', { body: 'x' }],
    ['body=first&body=second', { body: 'first' }],
    ['na%6De=Bo', { name: 'Bo' }],
    ['from=%2Fnotes%2Fa%3Fx%3D1&body=x', { from: '/notes/a?x=1', body: 'x' }],
  ])('%j -> %j', (text, fields) => {
    expect(Object.fromEntries(parseForm(text))).toEqual(fields)
  })

  it.each([
    ['body=%', 'a lone percent sign'],
    ['body=%E3%81', 'a UTF-8 sequence cut short'],
    ['body=%FF', 'a byte that is not UTF-8'],
    ['body=%zz', 'an escape that is not hexadecimal'],
    ['%ZZ=x', 'a malformed field name'],
  ])('refuses %j (%s) as invalid_encoding', (text) => {
    let thrown: unknown
    try {
      parseForm(text)
    }
    catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(ApiError)
    expect(thrown).toMatchObject({ status: 400, code: 'invalid_encoding' })
  })
})
