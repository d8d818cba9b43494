// Pure helpers of the service desk pages (unit-tested in helpers.test.ts): SLA bars and tags, Beijing
// time, durations, the idempotency key of a report form, base64 of attachments.
import type { EventBy, SlaState } from './api'

/** Share of the budget used, 0–100, whole percent (rounded down, so 100 only once the budget is spent). */
export function slaPercent(used: number | null | undefined, budget: number | null | undefined): number {
  const u = Math.max(0, Number(used) || 0)
  const b = Number(budget) || 0
  if (b <= 0) return u > 0 ? 100 : 0
  return Math.min(100, Math.floor((u * 100) / b))
}

/** el-progress status for a clock: red once breached or missed, amber from the warning share. */
export function slaBarStatus(state: SlaState | string, percent: number, warnAt = 80): '' | 'success' | 'warning' | 'exception' {
  if (state === 'breached' || state === 'missed') return 'exception'
  if (state === 'met') return 'success'
  if (state === 'warning' || percent >= warnAt) return 'warning'
  return ''
}

/** el-tag type of an SLA state. */
export function slaTagType(state: SlaState | string): 'success' | 'warning' | 'danger' | 'info' | 'primary' {
  return ({ ok: 'primary', warning: 'warning', breached: 'danger', met: 'success', missed: 'danger' } as const)[state as SlaState] ?? 'info'
}

const BEIJING_OFFSET_S = 8 * 3600 // UTC+8 all year (no daylight saving since 1991)
const pad = (n: number) => String(n).padStart(2, '0')

function beijingParts(epochSeconds: number) {
  const d = new Date((epochSeconds + BEIJING_OFFSET_S) * 1000)
  return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate(), hh: d.getUTCHours(), mm: d.getUTCMinutes() }
}

/** Unix seconds in Beijing time, whatever the browser's zone: "2026年12月1日 15:04" (zh) or "2026-12-01 15:04" (en). */
export function bjDateTime(epochSeconds: number | null | undefined, locale: string = 'zh-CN'): string {
  if (epochSeconds === null || epochSeconds === undefined || !Number.isFinite(epochSeconds)) return '—'
  const p = beijingParts(epochSeconds)
  return locale === 'en' ? `${p.y}-${pad(p.m)}-${pad(p.d)} ${pad(p.hh)}:${pad(p.mm)}` : `${p.y}年${p.m}月${p.d}日 ${pad(p.hh)}:${pad(p.mm)}`
}

/** The Beijing date (YYYY-MM-DD) of a moment, `days` later (negative: earlier). */
export function bjDate(epochMs: number, days = 0): string {
  const p = beijingParts(Math.floor(epochMs / 1000) + days * 86400)
  return `${p.y}-${pad(p.m)}-${pad(p.d)}`
}

/** "2 天 3 小时" / "3 小时 5 分" / "5 分" (zh) or "2 d 3 h" / "3 h 5 min" / "5 min" (en); two units at most. */
export function duration(seconds: number | null | undefined, locale: string = 'zh-CN'): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—'
  const s = Math.max(0, Math.round(seconds))
  const d = Math.floor(s / 86400)
  const h = Math.floor((s % 86400) / 3600)
  const m = Math.floor((s % 3600) / 60)
  const u = locale === 'en' ? { d: ' d', h: ' h', m: ' min' } : { d: ' 天', h: ' 小时', m: ' 分' }
  if (d > 0) return h > 0 ? `${d}${u.d} ${h}${u.h}` : `${d}${u.d}`
  if (h > 0) return m > 0 ? `${h}${u.h} ${m}${u.m}` : `${h}${u.h}`
  return `${m}${u.m}`
}

/**
 * The Idempotency-Key of one report form fill. The key is made on the first send and reused by every
 * later send of the same fill (a double click, a retry after a network failure or a 5xx), so the server
 * answers them all with the one case. It is dropped (the next send makes a new one) when the case was
 * made (the form starts again) or when the server refused the body without making anything (400, 422:
 * the user corrects it and sends a different body, which under the old key would be a 409).
 */
export class IdempotencyKey {
  private key: string | null = null
  constructor(private readonly make: () => string = () => crypto.randomUUID()) {}
  /** The key to send now. */
  current(): string {
    this.key ??= this.make()
    return this.key
  }
  /** After an answer (HTTP status; 0 for a network failure): keep or drop the key. */
  settle(status: number) {
    if ((status >= 200 && status < 300) || status === 400 || status === 422) this.key = null
  }
  /** The user started a new form (reset). */
  reset() {
    this.key = null
  }
  get pending(): string | null {
    return this.key
  }
}

/** Base64 of bytes (the attachments' `content_base64`), in chunks so large files do not overflow the stack. */
export function bytesToBase64(bytes: Uint8Array): string {
  let bin = ''
  const chunk = 0x8000
  for (let i = 0; i < bytes.length; i += chunk) bin += String.fromCharCode(...bytes.subarray(i, i + chunk))
  return btoa(bin)
}

/** The attachment limits of the contract: at most 5 files, each at most 10 MiB. */
export const MAX_FILES = 5
export const MAX_FILE_BYTES = 10 * 1024 * 1024
export function attachmentProblem(files: { name: string; size: number }[]): { kind: 'count' } | { kind: 'size'; name: string } | null {
  if (files.length > MAX_FILES) return { kind: 'count' }
  const big = files.find((f) => f.size > MAX_FILE_BYTES)
  return big ? { kind: 'size', name: big.name } : null
}

/** Who took a step, as the server sends it (a string, or name and role). */
export function eventBy(by: EventBy): string {
  if (!by) return ''
  if (typeof by === 'string') return by
  const name = by.display_name || by.name || by.unit || ''
  const role = by.role_name || by.role || ''
  return role && name ? `${name}（${role}）` : name || role
}

/** "1.2 MiB" / "340 KiB" / "12 B". */
export function fileSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MiB`
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KiB`
  return `${bytes} B`
}

/** "2026-11" → the previous month of a Beijing date "2026-12-01". */
export function previousMonth(date: string): string {
  const [y, m] = date.split('-').map(Number)
  return m === 1 ? `${y - 1}-12` : `${y}-${pad(m - 1)}`
}
