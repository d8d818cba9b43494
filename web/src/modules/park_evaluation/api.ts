// The 亩均效益 evaluation's API (docs/park-evaluation.md). The pages were written against the contract
// before the server half landed, so the response bodies are typed here; every path goes through
// `apiUrl`, which is typed by the generated `paths` (a route the server does not document fails
// vue-tsc), and the run's body is checked against the generated schema. Requests follow
// src/api/client.ts: CSRF header on writes, Accept-Language, the server's error message in the
// user's language and 401 → the login page (through `ok`). Scores, values and weights are the strings
// the server sends; nothing here does arithmetic on them.
import { apiUrl, ok, getCsrfToken, type ApiPath } from '@/api/client'
import type { paths } from '@/api/generated/schema'
import { i18n } from '@/i18n'

/** A grade letter of the scheme (A, B, C, D) or the exempt grade (T). */
export type Grade = string
export type GradeCounts = Record<Grade, number>

export interface Indicator {
  id: string
  name: string
  name_en?: string
  weight: string | number
  unit: string
}
export interface GradeSplit {
  grade: Grade
  /** Cumulative share of the ranked population, in whole percent (20, 70, 95, 100). */
  percent: number | string
}
export interface Scheme {
  id: string
  name: string
  name_en?: string
  version: string
  source: string
  /** false: scores and ranks only, no grades. */
  graded?: boolean
  indicators: Indicator[]
  grades: GradeSplit[]
}

export interface Evaluation {
  id: number
  scheme: string
  scheme_name?: string
  year: number
  created_at: number | string
  /** The user (an id today; a name or a user object accepted). */
  created_by: number | string | { name?: string; display_name?: string } | null
  scheme_version?: string
  /** The review lifecycle (docs/park-evaluation.md): draft → reviewed → approved → publicized → effective, or withdrawn. */
  status?: string
  notice_days?: number
  notice_from?: number | null
  notice_until?: number | null
  rated: number
  exempt: number
  missing?: { uscc: string; name: string; city?: string }[]
  grades?: GradeCounts
}
export interface EvaluationDetail extends Evaluation {
  scheme_name: string
  missing: { uscc: string; name: string; city?: string }[]
  grades: GradeCounts
  by_city: { city: string; grades: GradeCounts }[]
  by_park: { park_id: string; name: string; city: string; grades: GradeCounts }[]
  benchmarks: { id: string; name: string; unit: string; value: string }[]
  indicators: Indicator[]
}

export interface IndicatorFigure {
  id: string
  score: string | null
  value: string | null
}
export interface EnterpriseRow {
  uscc: string
  name: string
  city: string
  park_id: string | null
  land_mu: string
  score: string | null
  rank: number | null
  grade: Grade
  /** 'rated' or exempt. */
  state?: string
  population?: string | null
  population_size?: number
  indicators: IndicatorFigure[]
}
export interface Line {
  zh: string
  en: string
}
export interface InverseAnswer {
  column: string
  /** The column's name (Chinese) and unit, when the server sends them. */
  label?: string
  unit?: string
  direction: number | string
  from: string | null
  to: string | null
  target_grade: Grade
  text: Line
}
export interface Consequence {
  grade: Grade
  years: number
  department: string
  measure: string
  amount?: string | null
  unit?: string | null
}
export interface EnterpriseDetail {
  row: EnterpriseRow
  lines: Line[]
  inverse: InverseAnswer[]
  history: { year: number; grade: Grade; score: string | null }[]
  consequences: Consequence[]
}
export interface ParkRow {
  park_id: string
  name: string
  city: string
  level: string
  area_mu: string
  enterprises: number
  score: string | null
  rank: number | null
  grade: Grade
  indicators: IndicatorFigure[]
  lines: Line[]
}
export interface SensitivityRow {
  uscc: string
  name: string
  city: string
  column: string
  label?: string
  /** "+1%" or "-1%". */
  direction: string
  grade_before: Grade
  grade_after: Grade
}
export interface WhatIfBody {
  weights: Record<string, string>
  /** Whole percents (the server takes integers); left out for an ungraded scheme. */
  splits?: { grade: Grade; percent: number }[]
}
export interface WhatIfAnswer {
  grades: GradeCounts
  changed: number
  moved: { uscc: string; name: string; city: string; grade_before: Grade; grade_after: Grade; score_before: string | null; score_after: string | null }[]
  elapsed_ms: number
}
export interface MineRow {
  evaluation_id: number
  year: number
  scheme: string
  scheme_name?: string
  score: string | null
  rank: number | null
  grade: Grade
  population_size: number
}

type Query = Record<string, string | number | undefined | null>

export function query(q: Query = {}): string {
  const p = new URLSearchParams()
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v))
  const s = p.toString()
  return s ? '?' + s : ''
}

function headers(write: boolean): Headers {
  const h = new Headers()
  h.set('Accept-Language', i18n.global.locale.value === 'en' ? 'en' : 'zh-CN')
  if (write) {
    h.set('Content-Type', 'application/json')
    const csrf = getCsrfToken()
    if (csrf) h.set('X-CSRF-Token', csrf)
  }
  return h
}

/** fetch shaped like an openapi-fetch result, so `ok` unwraps it (errors, 401 handling) as for every other call. */
async function call(method: 'GET' | 'POST', path: string, body?: unknown) {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: headers(method !== 'GET'),
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  let parsed: unknown
  try {
    parsed = await response.json()
  } catch {
    parsed = undefined
  }
  return response.ok ? { data: parsed, response } : { error: parsed, response }
}
/** A documented path (typed by the generated `paths`) with its parameters and query. */
function url<P extends ApiPath>(path: P, params: Record<string, string | number> = {}, q: Query = {}): string {
  return apiUrl(path, Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)]))) + query(q)
}
const get = <T>(path: string) => ok<T>(call('GET', path))
const post = <T>(path: string, body: unknown) => ok<T>(call('POST', path, body))
type RunBody = paths['/api/parks/evaluations']['post']['requestBody']['content']['application/json']

export const parks = {
  schemes: () => get<Scheme[] | { items: Scheme[] }>(url('/api/parks/schemes')).then((r) => (Array.isArray(r) ? r : (r.items ?? []))),
  evaluations: () => get<{ items: Evaluation[]; total: number }>(url('/api/parks/evaluations')),
  run: (scheme: string, year: number) => post<Evaluation>(url('/api/parks/evaluations'), { scheme, year } satisfies RunBody),
  evaluation: (id: string | number) => get<EvaluationDetail>(url('/api/parks/evaluations/{id}', { id })),
  enterprises: (id: string | number, q: Query) => get<{ items: EnterpriseRow[]; total: number }>(url('/api/parks/evaluations/{id}/enterprises', { id }, q)),
  enterprise: (id: string | number, uscc: string) => get<EnterpriseDetail>(url('/api/parks/evaluations/{id}/enterprises/{uscc}', { id, uscc })),
  parks: (id: string | number) => get<{ items: ParkRow[]; not_rated?: { park_id: string; name: string }[] }>(url('/api/parks/evaluations/{id}/parks', { id })),
  sensitivity: (id: string | number) => get<{ items: SensitivityRow[] }>(url('/api/parks/evaluations/{id}/sensitivity', { id })),
  // The generated schema types `weights` as an object without values (Record<string, never>), so this
  // body is typed by WhatIfBody above rather than checked against it.
  whatIf: (id: string | number, body: WhatIfBody) => post<WhatIfAnswer>(url('/api/parks/evaluations/{id}/what-if', { id }), body),
  mine: () => get<{ items: MineRow[] }>(url('/api/parks/mine')),
  transition: (id: string | number, to: string, note = '') => post<Evaluation>(url('/api/parks/evaluations/{id}/transition', { id }), { to, note }),
  objections: (id: string | number) => get<{ items: Objection[] }>(url('/api/parks/evaluations/{id}/objections', { id })),
  object: (id: string | number, clause: string, text: string) =>
    post<Objection>(url('/api/parks/evaluations/{id}/objections', { id }), { clause, text }),
  decide: (id: string | number, objection: number, decision: 'upheld' | 'rejected', reason: string) =>
    post<Objection>(url('/api/parks/evaluations/{id}/objections/{objection}/decision', { id, objection }), { decision, reason }),
}

/** An enterprise's objection (异议) to its row during 公示, and the province's decision. */
export interface Objection {
  id: number
  evaluation_id: number
  uscc: string
  name?: string
  city?: string
  clause: string // '' the whole row, 'land_mu' the land area, or an indicator id
  text: string
  status: 'open' | 'upheld' | 'rejected' | 'closed'
  filed_at: number
  decided_at?: number | null
  decision_reason?: string | null
}
