// Chinese is written in two scripts; the tag names the script (zh-Hant, zh-Hans) or,
// more often, only the region. Taiwan, Hong Kong and Macau read traditional
// characters; mainland China, Singapore and Malaysia (and a bare `zh`) read simplified.
const TRADITIONAL_REGIONS = new Set(['tw', 'hk', 'mo'])

/** The locale code (a file in locales/) that serves one language tag, or null. */
function localeForTag(tag: string, supported: readonly string[]): string | null {
  const subtags = tag.toLowerCase().split('-')
  const language = subtags[0]!
  const byCode = (code: string) => supported.find(candidate => candidate.toLowerCase() === code) ?? null
  if (language === 'zh') {
    const script = subtags.find(subtag => subtag.length === 4)
    const region = subtags.slice(1).find(subtag => subtag.length === 2)
    const traditional = script ? script === 'hant' : TRADITIONAL_REGIONS.has(region ?? '')
    return byCode(traditional ? 'zh-tw' : 'zh-cn')
  }
  // ko-KR → ko, en-GB → en, ja-JP → ja; an exact match (e.g. a future pt-BR) first.
  return byCode(subtags.join('-')) ?? byCode(language)
}

/**
 * The best supported locale for an Accept-Language header: the visitor's languages
 * in order of preference (q, then position), the first one we speak wins.
 */
export function negotiateLocale(acceptLanguage: string | undefined, supported: readonly string[], fallback = 'en'): string {
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...parameters] = part.trim().split(';')
      const q = Number(parameters.find(p => p.trim().startsWith('q='))?.trim().slice(2) ?? 1)
      return { tag: tag.trim(), q: Number.isFinite(q) ? q : 0, index }
    })
    .filter(entry => /^[a-z]{2,3}(?:-[a-z0-9]{1,8})*$/i.test(entry.tag) && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
  for (const { tag } of ranked) {
    const locale = localeForTag(tag, supported)
    if (locale) return locale
  }
  return fallback
}
