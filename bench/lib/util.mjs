import { readFileSync } from 'node:fs'

export const sleep = ms => new Promise(resolve => setTimeout(resolve, ms))

/** The p-th percentile (0..100) of a list of numbers, nearest rank; null when empty. */
export function percentile(values, p) {
  if (values.length === 0) return null
  const sorted = Float64Array.from(values).sort()
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[rank]
}

export function median(values) {
  const present = values.filter(value => typeof value === 'number' && Number.isFinite(value))
  if (present.length === 0) return null
  const sorted = present.sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/** Resident memory of a process in bytes (Linux /proc), null when it is gone. */
export function rssBytes(pid) {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return match ? Number(match[1]) * 1024 : null
  }
  catch {
    return null
  }
}

/** Samples a process's RSS every `intervalMs` until stopped; `peak()` is the highest seen since the last `reset()`. */
export function rssSampler(pid, intervalMs = 200) {
  let peak = 0
  const sample = () => {
    const value = rssBytes(pid)
    if (value && value > peak) peak = value
  }
  sample()
  const timer = setInterval(sample, intervalMs)
  timer.unref()
  return {
    peak: () => {
      sample()
      return peak
    },
    reset: () => {
      peak = 0
      sample()
    },
    stop: () => clearInterval(timer),
  }
}

export const round = (value, digits = 1) => (value === null || value === undefined || !Number.isFinite(value) ? null : Number(value.toFixed(digits)))
export const mb = bytes => round(bytes / 1024 / 1024)
export const kb = bytes => round(bytes / 1024)
