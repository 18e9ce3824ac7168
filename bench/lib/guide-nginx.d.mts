// Types of guide-nginx.mjs, for tests/fronts/page-cache.test.ts.

/** The nginx block of deploy/self-host.md's step 4, as written there. */
export function guideNginxBlock(): string

/** The guide's block runnable here (plain HTTP on 127.0.0.1, nakanai at `upstream`, the cache in `cacheDir`), and the guide's lines it changed. */
export function runnableGuideBlock(options: { port: number, redirectPort: number, upstream: string, cacheDir: string }): { text: string, changed: string[] }

/** nginx running the guide's block in front of nakanai at `upstream` (host:port); null when nginx is not installed. */
export function startGuideNginx(upstream: string): Promise<{ url: string, stop: () => Promise<void> } | null>
