export interface PublicUrls {
  instanceUrl?: unknown
  statusPageUrl?: unknown
}

function problem(variable: string, value: unknown, example: string): string | null {
  const text = typeof value === 'string' ? value.trim() : String(value ?? '')
  if (!text) return null
  let url: URL | null = null
  try {
    url = new URL(text)
  }
  catch {
    // reported below
  }
  if (url && (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname) return null
  // "misskey.example" parses as nothing, and "misskey.example:443" as a URL of scheme "misskey.example:".
  return `${variable} must be a whole URL starting with https:// (or http://), like ${example}; it is "${text}".`
}

/**
 * The public URLs the page is built from. Without a scheme they were taken for
 * paths: the way back and the instance probe silently vanished, and a status page
 * URL framed the down page inside itself. Refused at start instead.
 */
export function urlSettingProblems(urls: PublicUrls): string[] {
  return [
    problem('NUXT_PUBLIC_INSTANCE_URL', urls.instanceUrl, 'https://misskey.example'),
    problem('NUXT_PUBLIC_STATUS_PAGE_URL', urls.statusPageUrl, 'https://status.misskey.example'),
  ].filter((message): message is string => message !== null)
}
