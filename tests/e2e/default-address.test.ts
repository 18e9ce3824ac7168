import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { ROOT } from '../support/build'
import { spawnServer } from '../support/server'

// In a network namespace of its own (unshare -rn), so that the fixed port cannot collide
// with anything else on the machine; inside it, once the server says it listens, one
// request to the default address, then the server is stopped.
const ASK_DEFAULT_ADDRESS = `
ip link set lo up
"$@" & server=$!
for i in $(seq 300); do
  if node -e "fetch('http://127.0.0.1:4870/api/health').then(r => r.text()).then(t => console.log('health:', t), () => process.exit(1))"; then break; fi
  sleep 0.1
done
kill $server
wait $server`

test('without HOST and PORT, the built server listens on 127.0.0.1 and the port of the unit and the guide', async () => {
  const unitPort = /^Environment=PORT=(\d+)$/m.exec(readFileSync(join(ROOT, 'deploy/nakanai.service'), 'utf8'))?.[1]
  expect(unitPort).toBe('4870')
  const server = await spawnServer({ env: { HOST: '', PORT: '' }, prefix: ['unshare', '-rn', 'sh', '-c', ASK_DEFAULT_ADDRESS, 'sh'] })
  try {
    await server.exited
    expect(server.output()).toContain('Listening on http://127.0.0.1:4870\n')
    expect(server.output()).toContain('health: {"ok":true')
  }
  finally {
    await server.dispose()
  }
})
