// Visitors' and admins' text carries no language of its own; what its script tells is
// enough for the cases that matter here: a screen reader choosing a voice, and the
// browser choosing where a line may break (issue 20 item 8).
const KANA = /[\u3040-\u30FF]/
const HANGUL = /[\uAC00-\uD7AF\u1100-\u11FF\u3130-\u318F]/
const HAN = /[\u4E00-\u9FFF\u3400-\u4DBF]/

/**
 * The language of `text` as its script shows it: kana → ja, Hangul → ko, Han alone → zh;
 * undefined for anything else, which then inherits the page's language.
 */
export function textLanguage(text: string): 'ja' | 'ko' | 'zh' | undefined {
  if (KANA.test(text)) return 'ja'
  if (HANGUL.test(text)) return 'ko'
  if (HAN.test(text)) return 'zh'
  return undefined
}
