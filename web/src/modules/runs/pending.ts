import type { ApiError } from '@/api/client'
import { i18n } from '@/i18n'

export interface Pending {
  pending_enterprises: number
  pending_months: number
}

/** The details of a 409 "unverified_data" answer (POST /api/runs, recompute), or null for any other error. */
export function pendingOf(e: ApiError): Pending | null {
  if (e.status !== 409) return null
  const d = (e.body as { error?: { details?: { reason?: string; pending_enterprises?: number; pending_months?: number } } } | undefined)?.error?.details
  if (d?.reason !== 'unverified_data') return null
  return { pending_enterprises: Number(d.pending_enterprises ?? 0), pending_months: Number(d.pending_months ?? 0) }
}

/** 尚有N家企业M个月产值未核定，计算将不含这些月份，是否继续？ (in English when the page is). */
export function pendingMessage(p: Pending): string {
  return i18n.global.locale.value === 'en'
    ? `Output of ${p.pending_enterprises} enterprises for ${p.pending_months} months is not verified yet; the run will leave those months out. Continue?`
    : `尚有${p.pending_enterprises}家企业${p.pending_months}个月产值未核定，计算将不含这些月份，是否继续？`
}
