import { spawn } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from './server.mjs'
import { sleep } from './util.mjs'

export const NGINX = process.env.BENCH_NGINX ?? '/usr/sbin/nginx'

/**
 * nginx (Debian's package) in its own temporary prefix on a free port: `http(dir, port)`
 * returns what goes inside `http { }` (temp paths and keep-alive are set here), and the
 * bench waits until `probePath` answers 200. Null when nginx is not installed.
 */
export async function startNginx(http, probePath) {
  if (!existsSync(NGINX)) return null
  const port = await freePort()
  // Readable by nginx's workers, which run as `nobody` when the bench runs as root.
  const dir = mkdtempSync(join(tmpdir(), 'nakanai-bench-nginx-'))
  chmodSync(dir, 0o755)
  mkdirSync(join(dir, 'logs'), { recursive: true })
  const conf = join(dir, 'nginx.conf')
  writeFileSync(conf, `
daemon off;
worker_processes auto;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'logs/error.log')} warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${join(dir, 'client_body')};
  proxy_temp_path ${join(dir, 'proxy')};
  fastcgi_temp_path ${join(dir, 'fastcgi')};
  uwsgi_temp_path ${join(dir, 'uwsgi')};
  scgi_temp_path ${join(dir, 'scgi')};
  keepalive_requests 1000000;
${http(dir, port)}
}
`)
  let log = ''
  const child = spawn(NGINX, ['-p', dir, '-c', conf, '-e', join(dir, 'logs/error.log')], { stdio: ['ignore', 'pipe', 'pipe'] })
  child.stdout.on('data', (chunk) => {
    log += chunk
  })
  child.stderr.on('data', (chunk) => {
    log += chunk
  })
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 10_000
  let last = 'no answer'
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${log}`)
    try {
      const response = await fetch(`${url}${probePath}`)
      await response.arrayBuffer()
      if (response.ok) break
      last = `status ${response.status}`
    }
    catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      rmSync(dir, { recursive: true, force: true })
      throw new Error(`nginx did not answer 200 (${last}): ${log}`)
    }
    await sleep(50)
  }
  return {
    url,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise(resolve => child.once('exit', resolve))
        child.kill('SIGQUIT')
        await exited
      }
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
