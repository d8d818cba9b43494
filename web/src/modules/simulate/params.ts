// The parameters of a policy as the simulation page edits them: numbers for sliders and inputs, and
// back to the strings `zhenxing simulate --set` takes ("12.5%", "5000000", "true"). No I/O.
import type { PolicyParameter } from '@/api/models'

/** "10%" -> 10, "0.5%" -> 0.5; NaN when not a percentage. */
export function parsePercent(s: string | undefined): number {
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*%\s*$/.exec(s ?? '')
  return m ? Number(m[1]) : NaN
}

/** 12.500000001 -> "12.5%": at most 4 decimals, no trailing zeros (slider steps are floats). */
export function formatPercent(n: number): string {
  return `${Number(n.toFixed(4))}%`
}

/** "5000000" -> 5000000; NaN when not whole yuan. */
export function parseYuan(s: string | undefined): number {
  return /^\s*-?\d+\s*$/.test(s ?? '') ? Number(s) : NaN
}

/** The editable value of a parameter: a number (percent, yuan) or a boolean. */
export type ParamValue = number | boolean

export function toValue(p: PolicyParameter, s: string): ParamValue {
  if (p.kind === 'bool') return s === 'true'
  return p.kind === 'percent' ? parsePercent(s) : parseYuan(s)
}

export function toSetting(p: PolicyParameter, v: ParamValue): string {
  if (p.kind === 'bool') return v ? 'true' : 'false'
  return p.kind === 'percent' ? formatPercent(Number(v)) : String(Math.round(Number(v)))
}

export interface Range {
  min: number
  max: number
  step: number
}

/** The slider's range from the parameter's min/max/step (defaults when the server gives none). */
export function range(p: PolicyParameter): Range {
  const parse = p.kind === 'percent' ? parsePercent : parseYuan
  const v = toValue(p, p.value) as number
  let min = parse(p.min)
  let max = parse(p.max)
  let step = parse(p.step)
  if (!Number.isFinite(min)) min = 0
  if (!Number.isFinite(max)) max = Math.max(min + 1, (Number.isFinite(v) ? v : 0) * 2 || (p.kind === 'percent' ? 100 : 10_000_000))
  if (!Number.isFinite(step) || step <= 0) step = p.kind === 'percent' ? 0.5 : Math.max(1, Math.round((max - min) / 100))
  return { min, max, step }
}

/** The settings that differ from the policy as filed (what POST /api/simulate and a scenario carry). */
export function changedSet(params: readonly PolicyParameter[], values: Record<string, ParamValue>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const p of params) {
    const v = values[p.key]
    if (v === undefined || v === null || (typeof v === 'number' && !Number.isFinite(v))) continue
    const s = toSetting(p, v)
    if (s !== toSetting(p, toValue(p, p.value))) out[p.key] = s
  }
  return out
}

/** The values of a saved scenario over the policy's defaults (unknown keys are ignored). */
export function valuesFrom(params: readonly PolicyParameter[], set: Record<string, string> = {}): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {}
  for (const p of params) out[p.key] = toValue(p, set[p.key] ?? p.value)
  return out
}

/**
 * Issues requests so that only the newest one's answer is used: each start() aborts the previous
 * request and returns a sequence number; current(seq) says whether an answer may still be shown.
 */
export class Latest {
  private seq = 0
  private controller: AbortController | null = null
  start(): { seq: number; signal: AbortSignal } {
    this.controller?.abort()
    this.controller = new AbortController()
    return { seq: ++this.seq, signal: this.controller.signal }
  }
  /** Aborts what is in flight; no answer to an earlier start() is current any more. */
  cancel(): void {
    this.controller?.abort()
    this.controller = null
    this.seq++
  }
  current(seq: number): boolean {
    return seq === this.seq
  }
}
