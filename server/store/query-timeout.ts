/**
 * How long any store call may take before it fails. A dead or paused database
 * then costs a visitor a few seconds and a "chat unavailable", not a hung page.
 */
export const QUERY_TIMEOUT_MS = 3000
