// The 监测调度 API (docs/monitoring.md). The pages were written against the contract while the server
// half was being written, so the response bodies are typed here by hand. Paths go through `url`,
// which is typed by the generated `paths` as soon as the document carries /api/monitoring (before
// that, any string: see MonitoringPath). Requests follow src/api/client.ts: CSRF header on writes,
// Accept-Language, the server's error message in the user's language and 401 → the login page
// (through `ok`). Amounts, growth and contributions are the strings the server sends: nothing here
// does arithmetic on them.
import { apiUrl, getCsrfToken, ok, toApiError, type ApiPath } from '@/api/client'
import { i18n } from '@/i18n'

/** The monitoring paths of the generated document; any string until the server documents them. */
type Documented = Extract<ApiPath, `/api/monitoring${string}`>
export type MonitoringPath = [Documented] extends [never] ? `/api/monitoring${string}` : Documented

/** A decimal string as the API sends it ("12.3", "-4.05", "123456789.00"), or null where absent. */
export type Dec = string | null

export interface Indicators {
  value_added_growth_pct: Dec
  investment_growth_pct: Dec
  special_bonds_issued_yuan: Dec
  special_bonds_used_yuan: Dec
  manufacturing_share_pct: Dec
}
export interface CityRow {
  city: string
  output_yuan: Dec
  base_yuan: Dec
  growth_pct: Dec
  rank: number | null
  /** Places moved since the previous month's table (positive: up); null for 1—2月 or without a rank. */
  rank_change: number | null
  contribution_pp: Dec
  enterprises?: number | null
  indicators?: Partial<Indicators> | null
  /** The signed-in city's own row. */
  own?: boolean
}
export interface CityTable {
  month: string
  period: string
  rows: CityRow[]
  total: CityRow | null
  /** The other cities' rows are those of the issued 通报 (a city user); absent until it is issued. */
  published: boolean
}
export interface GroupRow {
  key: string
  name: string
  output_yuan: Dec
  base_yuan: Dec
  growth_pct: Dec
  rank: number | null
  rank_change: number | null
  contribution_pp: Dec
  enterprises: number | null
}
export interface EnterpriseRow {
  uscc: string
  name: string
  output_yuan: Dec
  base_yuan: Dec
  growth_pct: Dec
  contribution_pp: Dec
}
export type Level = 'red' | 'orange' | 'yellow' | 'blue'
export interface TopRow {
  position: number
  uscc: string
  name: string
  city: string
  month_output_yuan: Dec
  month_growth_pct: Dec
  output_yuan: Dec
  growth_pct: Dec
  plan_yuan: Dec
  plan_completion_pct: Dec
  electricity_growth_pct: Dec
  electricity_gap_pp: Dec
  warnings: Level[]
}
export interface Warning {
  id: number
  month: string
  uscc: string
  name: string
  city: string
  rule: string
  level: Level
  message_zh: string
  message_en: string
  figures: Record<string, unknown>
  case_id: number | null
  case_status: string | null
}
export type MilestoneState = 'done' | 'late' | 'overdue' | 'due' | 'pending'
export interface Milestone {
  code: string
  name: string
  planned: string | null
  actual: string | null
  state: MilestoneState
}
export interface Project {
  id: string
  name: string
  city: string
  category: string
  uscc: string | null
  enterprise_name: string | null
  planned_investment_yuan: Dec
  completed_yuan: Dec
  completion_pct: Dec
  milestones: Milestone[]
}
export interface ProjectSummary {
  city: string
  projects: number
  milestones_due: number
  milestones_overdue: number
  planned_investment_yuan: Dec
  completed_yuan: Dec
  completion_pct?: Dec
}
/** One uploaded version of a monitoring table. */
export interface TableVersion {
  version?: number
  status: string
  rows: number | null
  sha256?: string | null
  file_name?: string | null
  uploaded_at: number | string | null
  uploaded_by: string | number | null
  verified_at: number | string | null
  // 核定 by the cities: the cities with rows in this upload and each city's check so far.
  cities?: string[]
  checks?: { city: string; approved: boolean; reason: string }[]
}
/**
 * A monitoring table in GET /data: its status and its versions (the server's shape), or the flat
 * fields of docs/monitoring.md; tableState (helpers.ts) reads either.
 */
export interface DataTable extends Partial<Omit<TableVersion, 'status'>> {
  table: string
  status: string | null
  versions?: TableVersion[]
}
export interface Defect {
  file?: string
  line?: number | null
  field?: string
  value?: string
  message?: string
  message_zh?: string
  message_en?: string
}
export interface BulletinItem {
  month: string
  status: string
  prepared_at: number | string | null
  issued_at: number | string | null
  due: string | null
}
export interface Bulletin extends BulletinItem {
  period: string
  highlights: string[]
  cities: CityRow[]
  total: CityRow | null
  top500: { count: number; output_yuan: Dec; growth_pct: Dec; warnings: Partial<Record<Level, number>> } | null
  warnings: Warning[]
  projects: ProjectSummary[]
}
export type Paged<T> = { items: T[]; total: number }

type Query = Record<string, string | number | undefined | null>

export function query(q: Query = {}): string {
  const p = new URLSearchParams()
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v))
  const s = p.toString()
  return s ? '?' + s : ''
}

function headers(write: boolean, contentType = 'application/json'): Headers {
  const h = new Headers()
  h.set('Accept-Language', i18n.global.locale.value === 'en' ? 'en' : 'zh-CN')
  if (write) {
    h.set('Content-Type', contentType)
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
/** A monitoring path with its parameters substituted and its query. */
export function url(path: MonitoringPath, params: Record<string, string | number> = {}, q: Query = {}): string {
  const p = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)]))
  return apiUrl(path as never, p) + query(q)
}
const get = <T>(path: string) => ok<T>(call('GET', path))
const post = <T>(path: string, body: unknown) => ok<T>(call('POST', path, body))

/** The answer to a table upload: accepted (200) or the defects (422); other refusals throw. */
export type UploadAnswer = { accepted: true; table: string; rows: number; status: string } | { accepted: false; defects: Defect[]; total: number; message: string }

/** The defects of a 422 answer, wherever the server puts them (top level or inside `error`). */
export function defectsOf(body: unknown): Defect[] {
  const b = body as { defects?: Defect[]; error?: { defects?: Defect[] } } | undefined
  return b?.defects ?? b?.error?.defects ?? []
}

export const monitoring = {
  months: () => get<{ latest: string | null; months: string[] }>(url('/api/monitoring/months')),
  cities: (month: string) => get<CityTable>(url('/api/monitoring/cities', {}, { month })),
  industries: (month: string, city = '') => get<{ month: string; rows: GroupRow[] }>(url('/api/monitoring/industries', {}, { month, city })),
  groups: (month: string, city = '') => get<{ month: string; rows: GroupRow[] }>(url('/api/monitoring/groups', {}, { month, city })),
  enterprises: (city: string, q: Query) => get<Paged<EnterpriseRow>>(url('/api/monitoring/cities/{city}/enterprises', { city }, q)),
  top500: (q: Query) => get<Paged<TopRow> & { year: number; basis: string }>(url('/api/monitoring/top500', {}, q)),
  warnings: (q: Query) => get<Paged<Warning> & { counts: Partial<Record<Level, number>> }>(url('/api/monitoring/warnings', {}, q)),
  scan: (month: string) => post<{ warnings: number; cases_opened: number }>(url('/api/monitoring/warnings/scan'), { month }),
  projects: (q: Query) => get<Paged<Project> & { by_city: ProjectSummary[] }>(url('/api/monitoring/projects', {}, q)),
  data: () => get<{ tables: DataTable[] }>(url('/api/monitoring/data')),
  // A city's 核定 of its rows (approve), or its rejection with a reason.
  verify: (table: string, approve = true, reason = '') =>
    post<{ status: string; awaiting?: string[] }>(url('/api/monitoring/data/{table}/verify', { table }), approve ? { approve } : { approve, reason }),
  bulletins: () => get<{ items: BulletinItem[] }>(url('/api/monitoring/bulletins')),
  prepare: (month: string) => post<Bulletin>(url('/api/monitoring/bulletins'), { month }),
  bulletin: (month: string) => get<Bulletin>(url('/api/monitoring/bulletins/{month}', { month })),
  issue: (month: string) => post<Bulletin>(url('/api/monitoring/bulletins/{month}/issue', { month }), {}),
  fileUrl: (month: string, kind: 'docx' | 'xlsx') => url(kind === 'docx' ? '/api/monitoring/bulletins/{month}/docx' : '/api/monitoring/bulletins/{month}/xlsx', { month }),
  /** PUT the whole table as the file's bytes (CSV or XLSX) with its name (?name=), as the park data upload does. */
  async upload(table: string, file: Blob & { name?: string }): Promise<UploadAnswer> {
    const name = file.name ?? `${table}.csv`
    const type = /\.xlsx$/i.test(name) ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8'
    let response: Response
    try {
      response = await fetch(url('/api/monitoring/data/{table}', { table }, { name }), { method: 'PUT', credentials: 'same-origin', headers: headers(true, type), body: file })
    } catch (err) {
      return ok<UploadAnswer>(Promise.reject(err))
    }
    let body: unknown
    try {
      body = await response.json()
    } catch {
      body = undefined
    }
    if (response.status === 422 && defectsOf(body).length) {
      const total = Number((body as { defects_total?: number }).defects_total) || defectsOf(body).length
      return { accepted: false, defects: defectsOf(body), total, message: toApiError(422, body).message }
    }
    if (!response.ok) return ok<UploadAnswer>(Promise.resolve({ error: body, response }))
    const b = body as { table: string; rows: number; status: string }
    return { accepted: true, table: b.table ?? table, rows: b.rows, status: b.status }
  },
}
