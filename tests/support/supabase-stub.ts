import { createServer, type IncomingMessage } from 'node:http'
import type { SqlDriver } from '../../server/store/types'
import { listener } from './listen'

/** The functions the Data API exposes to the server, with their exact argument names. */
const FUNCTIONS: Record<string, { args: string[], scalar?: boolean }> = {
  post_message: { args: ['p_body', 'p_name', 'p_client_hash'] },
  recent_messages: { args: ['p_limit'] },
  client_hash_salt: { args: [], scalar: true },
  observe_instance_state: { args: ['p_state'] },
  hide_message: { args: ['p_id'], scalar: true },
  hide_all_from_author: { args: ['p_id'] },
  bans_in_force: { args: [] },
  lift_ban: { args: ['p_id'], scalar: true },
  hidden_messages: { args: ['p_limit'] },
  restore_message: { args: ['p_id'], scalar: true },
  chat_limits: { args: [] },
  set_chat_limits: { args: ['p_per_client', 'p_per_client_window_seconds', 'p_duplicate_window_seconds', 'p_global_per_minute', 'p_retention_seconds', 'p_ban_duration_seconds'] },
  purge_expired: { args: [], scalar: true },
  post_admin_message: { args: ['p_body', 'p_name', 'p_client_hash'] },
  post_notice: { args: ['p_body', 'p_expected_back_at'] },
  current_notices: { args: ['p_limit'] },
  edit_notice: { args: ['p_id', 'p_change_expected', 'p_expected_back_at', 'p_resolved'] },
  delete_notice: { args: ['p_id'], scalar: true },
  save_instance_branding: { args: ['p_name', 'p_description', 'p_theme_color', 'p_icon_url', 'p_server_error_image_url'], scalar: true },
  save_instance_image: { args: ['p_kind', 'p_content_type', 'p_data', 'p_source_url'], scalar: true },
  save_instance_software: { args: ['p_name', 'p_version', 'p_node_name'], scalar: true },
  instance_face: { args: [] },
  instance_image: { args: ['p_kind'] },
}

export interface RecordedRequest {
  method: string
  path: string
  headers: IncomingMessage['headers']
  body: unknown
}

export interface SupabaseStub {
  url: string
  secretKey: string
  requests: RecordedRequest[]
  /** Requests that PostgREST, as the server uses it, would not have been sent. */
  violations: string[]
  /** Answers the next request with this status and body instead of running SQL. */
  failNext: (status: number, body: unknown) => void
  close: () => Promise<void>
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = ''
    request.setEncoding('utf8')
    request.on('data', (chunk: string) => {
      text += chunk
    })
    request.on('end', () => resolve(text))
    request.on('error', reject)
  })
}

/**
 * Stands in for Supabase's REST API (PostgREST) at /rest/v1/rpc/<function>,
 * running the real SQL functions on `driver` (PGlite with the migrations) and
 * answering in PostgREST's shapes: rows as a JSON array, a scalar as JSON, and
 * errors as HTTP 400 `{ code, details, hint, message }` with the SQLSTATE as code.
 * Every request is checked against what supabase-js must send.
 */
export async function startSupabaseStub(driver: SqlDriver, secretKey = 'sb_secret_stubstubstubstubstub'): Promise<SupabaseStub> {
  const requests: RecordedRequest[] = []
  const violations: string[] = []
  let injected: { status: number, body: unknown } | undefined

  const server = listener(createServer(async (request, response) => {
    const answer = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' })
      response.end(JSON.stringify(body))
    }
    const text = await readBody(request)
    const path = request.url ?? ''
    let body: unknown
    try {
      body = text ? JSON.parse(text) : undefined
    }
    catch {
      body = text
    }
    requests.push({ method: request.method ?? '', path, headers: request.headers, body })

    const problems: string[] = []
    const match = /^\/rest\/v1\/rpc\/([a-z_]+)$/.exec(path)
    const fn = match ? FUNCTIONS[match[1]!] : undefined
    if (request.method !== 'POST') problems.push(`method ${request.method}`)
    if (!match || !fn) problems.push(`path ${path}`)
    if (request.headers.apikey !== secretKey) problems.push('apikey header')
    if (request.headers.authorization !== `Bearer ${secretKey}`) problems.push('authorization header')
    if (!String(request.headers['content-type']).startsWith('application/json')) problems.push(`content-type ${request.headers['content-type']}`)
    const args = (body ?? {}) as Record<string, unknown>
    if (fn && (typeof body !== 'object' || body === null || Object.keys(args).sort().join() !== [...fn.args].sort().join())) {
      problems.push(`arguments ${text}`)
    }
    if (problems.length > 0) {
      violations.push(`${request.method} ${path}: ${problems.join(', ')}`)
      return answer(404, { code: 'PGRST202', details: null, hint: null, message: `stub refused: ${problems.join(', ')}` })
    }

    if (injected) {
      const { status, body } = injected
      injected = undefined
      return answer(status, body)
    }

    const name = match![1]!
    const named = fn!.args.map((arg, index) => `${arg} => $${index + 1}`).join(', ')
    try {
      if (fn!.scalar) {
        const [row] = await driver.query<{ value: unknown }>(`select public.${name}(${named}) as value`, fn!.args.map(arg => args[arg]))
        return answer(200, row!.value)
      }
      const rows = await driver.query(`select * from public.${name}(${named})`, fn!.args.map(arg => args[arg]))
      return answer(200, rows)
    }
    catch (error) {
      const { code, detail, hint, message } = error as { code?: string, detail?: string, hint?: string, message?: string }
      return answer(400, { code: code ?? 'XX000', details: detail ?? null, hint: hint ?? null, message: message ?? String(error) })
    }
  }))
  const port = await server.listen()

  return {
    url: `http://127.0.0.1:${port}`,
    secretKey,
    requests,
    violations,
    failNext(status, body) {
      injected = { status, body }
    },
    close: server.stop,
  }
}
