import type { H3Event } from 'h3'
import { ApiError } from './api-error'

/**
 * How a POST is written and how to answer it: JSON in and out, or a form — from
 * a browser without JavaScript (Accept: text/html; answered with a redirect back
 * to the page) or from any other client (answered with JSON).
 */
export type RequestKind = 'json' | 'form' | 'browser-form'

export function requestKind(event: H3Event): RequestKind {
  const encoding = getRequestHeader(event, 'content-encoding')
  if (encoding && encoding.toLowerCase() !== 'identity') {
    throw new ApiError(415, 'unsupported_encoding', 'Send the body uncompressed.')
  }
  const [type = '', ...parameters] = (getRequestHeader(event, 'content-type') ?? '').toLowerCase().split(';').map(part => part.trim())
  const charset = parameters.find(part => part.startsWith('charset='))?.slice(8).replace(/"/g, '')
  if (charset && charset !== 'utf-8' && charset !== 'utf8') {
    throw new ApiError(415, 'unsupported_charset', 'Send the message as UTF-8.')
  }
  if (type === 'application/json') return 'json'
  if (type === 'application/x-www-form-urlencoded') {
    return (getRequestHeader(event, 'accept') ?? '').includes('text/html') ? 'browser-form' : 'form'
  }
  throw new ApiError(415, 'unsupported_media_type', 'Send application/json or a form (application/x-www-form-urlencoded).')
}

const invalidEncoding = () => new ApiError(400, 'invalid_encoding', 'The request body is not valid UTF-8.')

/**
 * Reads at most `limit` bytes of the body as UTF-8; more is refused without reading
 * on. The request is paused, not destroyed: a destroyed request left Nitro's
 * shutdown hook without a socket when the 413 went out (an uncaughtException with a
 * stack for every oversized chunked POST).
 */
export function readLimitedText(event: H3Event, limit: number): Promise<string> {
  const declared = Number(getRequestHeader(event, 'content-length'))
  // Closing the connection spares us reading the rest of what the client sends.
  const tooLarge = () => new ApiError(413, 'payload_too_large', `Request bodies are limited to ${limit} bytes.`, { connection: 'close' })
  if (declared > limit) return Promise.reject(tooLarge())

  const request = event.node.req
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const stop = () => {
      request.off('data', onData).off('end', onEnd).off('error', onError)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size <= limit) return void chunks.push(chunk)
      stop()
      request.pause()
      reject(tooLarge())
    }
    const onEnd = () => {
      stop()
      try {
        resolve(new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks)))
      }
      catch {
        reject(invalidEncoding())
      }
    }
    // The client went away mid-body: its doing, not a server fault to log.
    const onError = () => {
      stop()
      reject(new ApiError(400, 'incomplete_body', 'The request body did not arrive whole.'))
    }
    request.on('data', onData).on('end', onEnd).on('error', onError)
  })
}

/**
 * A urlencoded form, strictly: a malformed or non-UTF-8 escape is refused instead
 * of being turned into replacement characters (as URLSearchParams would). The
 * first of repeated fields wins, as for URLSearchParams.get.
 */
export function parseForm(text: string): Map<string, string> {
  const fields = new Map<string, string>()
  for (const pair of text.split('&')) {
    if (!pair) continue
    const [key = '', value = ''] = pair.split(/=(.*)/s)
    try {
      const name = decodeURIComponent(key.replace(/\+/g, ' '))
      if (!fields.has(name)) fields.set(name, decodeURIComponent(value.replace(/\+/g, ' ')))
    }
    catch {
      throw invalidEncoding()
    }
  }
  return fields
}
