/**
 * Whether the instance's theme colour can be the page's accent: buttons filled with
 * it and focus rings drawn in it must stand out from the page (WCAG's 3:1 for UI
 * parts) and carry readable text (7:1, WCAG AAA like the rest of the page's text;
 * black or white, whichever is better).
 * Checked separately for the light and the dark scheme; where it fails, the page
 * keeps its own accent.
 */

export interface Accent {
  accent: string
  /** Text on the accent. */
  fg: string
}

/** The backgrounds the accent sits on, per scheme (page and card), from app.vue. */
export const SCHEME_BACKGROUNDS = {
  light: ['#f7f7f8', '#ffffff'],
  dark: ['#17171c', '#222229'],
} as const

const UI_CONTRAST_MIN = 3
const TEXT_CONTRAST_MIN = 7
const TEXT_COLORS = ['#ffffff', '#111111']

function luminance(hex: string): number {
  const channel = (offset: number) => {
    const value = Number.parseInt(hex.slice(offset, offset + 2), 16) / 255
    return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4
  }
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
}

export function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number]
  return (light + 0.05) / (dark + 0.05)
}

function accentOn(color: string, backgrounds: readonly string[]): Accent | null {
  if (backgrounds.some(background => contrast(color, background) < UI_CONTRAST_MIN)) return null
  const fg = TEXT_COLORS.reduce((best, candidate) => contrast(color, candidate) > contrast(color, best) ? candidate : best)
  return contrast(color, fg) >= TEXT_CONTRAST_MIN ? { accent: color, fg } : null
}

/** The accent per scheme, or null for a scheme where the colour is too faint (or not #rrggbb). */
export function themeAccent(themeColor: string | null | undefined): { light: Accent | null, dark: Accent | null } {
  if (!themeColor || !/^#[0-9a-f]{6}$/.test(themeColor)) return { light: null, dark: null }
  return { light: accentOn(themeColor, SCHEME_BACKGROUNDS.light), dark: accentOn(themeColor, SCHEME_BACKGROUNDS.dark) }
}

/** The CSS that puts the accent in place; empty when neither scheme can use it. Only validated #rrggbb reaches it. */
export function accentStyle(themeColor: string | null | undefined): string {
  const { light, dark } = themeAccent(themeColor)
  // html:root outranks app.vue's :root whichever stylesheet comes last.
  const rule = (accent: Accent) => `html:root{--accent:${accent.accent};--accent-fg:${accent.fg}}`
  return [
    light ? `@media (prefers-color-scheme: light){${rule(light)}}` : '',
    dark ? `@media (prefers-color-scheme: dark){${rule(dark)}}` : '',
  ].join('')
}
