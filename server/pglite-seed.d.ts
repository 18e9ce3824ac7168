// Made by modules/pglite-seed.ts: where the built server finds the embedded
// database's seed folder, or null in a build without one (Vercel).
declare module '#nakanai/pglite-seed' {
  export function seedPath(): string | null
}
