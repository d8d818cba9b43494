// The service desk's API (docs/service-desk.md), typed here because the generated `paths` do not
// carry the /api/desk routes until the server half lands. Requests go through the same fetch
// conventions as src/api/client.ts (CSRF header on writes, Accept-Language, the server's error
// messages in the user's language, 401 → back to the login page via `ok`).
import { ok, getCsrfToken, downloadUrl } from '@/api/client'
import { i18n } from '@/i18n'

export type Category = 'labor' | 'land' | 'energy' | 'finance' | 'logistics' | 'approval' | 'policy' | 'other'
export type Urgency = 'normal' | 'urgent'
export type CaseStatus = 'submitted' | 'dispatched' | 'accepted' | 'in_progress' | 'waiting' | 'replied' | 'closed'
export type SlaState = 'ok' | 'warning' | 'breached' | 'met' | 'missed'
export type ActionName =
  | 'accept' | 'start' | 'request_info' | 'provide_info' | 'reply' | 'confirm' | 'reopen' | 'dispatch' | 'redispatch'
  | 'return' | 'close' | 'request_extension' | 'approve_extension' | 'reject_extension'

export const categories: Category[] = ['labor', 'land', 'energy', 'finance', 'logistics', 'approval', 'policy', 'other']
export const urgencies: Urgency[] = ['normal', 'urgent']
export const statuses: CaseStatus[] = ['submitted', 'dispatched', 'accepted', 'in_progress', 'waiting', 'replied', 'closed']
export const slaStates: SlaState[] = ['ok', 'warning', 'breached', 'met', 'missed']

export interface Paged<T> {
  items: T[]
  total: number
  page: number
  page_size: number
}

export interface CaseSummary {
  id: number
  uscc: string
  enterprise_name: string
  city: string
  category: Category
  urgency: Urgency
  title: string
  status: CaseStatus
  lead_department: string
  co_departments: string[]
  created_at: number
  updated_at: number
  response_due: number | null
  resolution_due: number | null
  provisional: boolean
  responded_at: number | null
  resolved_at: number | null
  closed_at: number | null
  rating: number | null
  sla_state: SlaState
  possible_duplicates: number[]
  escalated: boolean
}

export interface Attachment {
  sha256: string
  filename: string
  content_type: string
  size: number
}
export interface Subtask {
  id: number
  department: string
  status: 'open' | 'accepted' | 'done'
  due: number | null
  done_at: number | null
  note: string | null
  sla_state?: SlaState
}
/** `by`: display name and role; for an enterprise only the unit (the server decides what it sends). */
export type EventBy = string | { name?: string; display_name?: string; role?: string; role_name?: string; unit?: string } | null
export interface CaseEvent {
  id: number
  at: number
  action: string
  from: string | null
  to: string | null
  by: EventBy
  reason: string | null
  department: string | null
  rating: number | null
}
export interface ResponseClock {
  limit_hours: number
  due: number | null
  state: SlaState
  elapsed_seconds: number
}
export interface ResolutionClock {
  limit_working_days: number
  extended_to: number | null
  due: number | null
  state: SlaState
  used_seconds: number
  budget_seconds: number
  paused: boolean
  provisional: boolean
}
export interface ActionSpec {
  action: ActionName
  /** The rules' own names of the step (workflow.toml `label`, `label_en`), when the server sends them. */
  label?: string
  label_en?: string
  needs_reason: boolean
  needs_department: boolean
  needs_rating: boolean
}
export interface CaseDetail extends CaseSummary {
  description: string
  reporter: string
  attachments: Attachment[]
  subtasks: Subtask[]
  events: CaseEvent[]
  clocks: { response: ResponseClock; resolution: ResolutionClock }
  actions: ActionSpec[]
}

export interface NewCase {
  uscc?: string
  category: Category
  urgency: Urgency
  title: string
  description: string
  attachments: { filename: string; content_base64: string }[]
}
export interface ActionBody {
  action: ActionName
  reason?: string
  department?: string
  rating?: number
  extension_days?: number
}

export interface DeskTask {
  kind?: 'lead' | 'subtask'
  id?: number
  case_id: number
  subtask_id?: number | null
  department: string
  title: string
  city?: string
  category?: Category
  urgency?: Urgency
  status: string
  due: number | null
  sla_state: SlaState
}

export interface DeskEnterprise {
  uscc: string
  name: string
  city: string
  industry?: string
  commissioner_id: number | null
  /** The commissioner's display name ('' or null when uncovered). */
  commissioner_name: string | null
  open_cases: number
}
export interface Commissioner {
  id: number
  /** Display name (the server's `display_name`, or `name`). */
  name: string
  username?: string
  city: string
  /** Assigned enterprises (the server's `load` or `assigned`). */
  load: number
}

export type KpiGroup = 'department' | 'city' | 'category' | 'week'
export interface KpiRow {
  key: string
  cases: number
  response_due: number
  responded_in_time: number
  response_rate: string
  resolution_due: number
  resolved_in_time: number
  resolution_rate: string
  rated: number
  satisfied: number
  satisfaction_rate: string
  respond_median_seconds: number | null
  respond_p90_seconds: number | null
  resolve_median_seconds: number | null
  resolve_p90_seconds: number | null
  /** Composite score (kpi.toml weights), one decimal; '' when no rate is defined. */
  score?: string
}
export interface KpiAnswer {
  rows: KpiRow[]
  total: KpiRow | null
}

export interface DeskNotification {
  id: number
  /** When it was made (the server's `at` or `created_at`). */
  at: number
  case_id: number | null
  kind: string
  text: string
  text_en?: string
  read: boolean
}

type Query = Record<string, string | number | boolean | undefined | null>

export function query(q: Query = {}): string {
  const p = new URLSearchParams()
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v))
  const s = p.toString()
  return s ? '?' + s : ''
}

function headers(write: boolean, extra: Record<string, string> = {}): Headers {
  const h = new Headers(extra)
  h.set('Accept-Language', i18n.global.locale.value === 'en' ? 'en' : 'zh-CN')
  if (write) {
    h.set('Content-Type', 'application/json')
    const csrf = getCsrfToken()
    if (csrf) h.set('X-CSRF-Token', csrf)
  }
  return h
}

/** fetch shaped like an openapi-fetch result, so `ok` unwraps it (errors, 401 handling) as for every other call. */
async function call(method: 'GET' | 'POST', path: string, body?: unknown, extra?: Record<string, string>) {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: headers(method !== 'GET', extra),
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
const get = <T>(path: string) => ok<T>(call('GET', path))
const post = <T>(path: string, body: unknown, extra?: Record<string, string>) => ok<T>(call('POST', path, body, extra))

/** The KPI answer: rows and the total row, whether the server puts the total apart or among the rows. */
export function kpiAnswer(raw: unknown): KpiAnswer {
  const r = raw as { rows?: KpiRow[]; items?: KpiRow[]; total?: KpiRow | null }
  const rows = (r.rows ?? r.items ?? []).filter((x) => x.key !== 'total' && x.key !== '')
  const total = r.total ?? (r.rows ?? r.items ?? []).find((x) => x.key === 'total' || x.key === '') ?? null
  return { rows, total }
}
export function commissioner(raw: Record<string, unknown>): Commissioner {
  return {
    id: Number(raw.id),
    name: String(raw.display_name ?? raw.name ?? raw.username ?? ''),
    username: raw.username as string | undefined,
    city: String(raw.city ?? ''),
    load: Number(raw.load ?? raw.assigned ?? 0),
  }
}
export function enterprise(raw: Record<string, unknown>): DeskEnterprise {
  const c = raw.commissioner
  return {
    ...(raw as unknown as DeskEnterprise),
    commissioner_name: (raw.commissioner_name as string) || (typeof c === 'string' ? c : ((c as { display_name?: string } | null)?.display_name ?? null)) || null,
    open_cases: Number(raw.open_cases ?? 0),
  }
}
export function notification(raw: Record<string, unknown>): DeskNotification {
  return { ...(raw as unknown as DeskNotification), at: Number(raw.at ?? raw.created_at ?? 0), read: !!raw.read }
}
export function idList(raw: unknown): number[] {
  const r = raw as { ids?: number[]; items?: (number | { id: number })[]; case_ids?: number[] } | number[]
  if (Array.isArray(r)) return r
  const list = r.ids ?? r.case_ids ?? r.items ?? []
  return list.map((x) => (typeof x === 'number' ? x : x.id))
}

export const desk = {
  report: (body: NewCase, idempotencyKey: string) => post<CaseDetail>('/api/desk/cases', body, { 'Idempotency-Key': idempotencyKey }),
  cases: (q: Query) => get<Paged<CaseSummary>>('/api/desk/cases' + query(q)),
  case: (id: number | string) => get<CaseDetail>(`/api/desk/cases/${encodeURIComponent(String(id))}`),
  act: (id: number | string, body: ActionBody) => post<CaseDetail>(`/api/desk/cases/${encodeURIComponent(String(id))}/actions`, body),
  subtaskAct: (id: number, body: { action: 'accept' | 'complete'; reason?: string }) => post<unknown>(`/api/desk/subtasks/${id}/actions`, body),
  attachmentUrl: (id: number | string, sha256: string) => `/api/desk/cases/${encodeURIComponent(String(id))}/attachments/${encodeURIComponent(sha256)}`,
  tasks: (q: Query) => get<Paged<DeskTask>>('/api/desk/tasks' + query(q)),
  enterprises: (q: Query) =>
    get<Paged<Record<string, unknown>>>('/api/desk/enterprises' + query(q)).then((r) => ({ ...r, items: r.items.map(enterprise) }) as Paged<DeskEnterprise>),
  commissioners: () => get<{ items: Record<string, unknown>[] }>('/api/desk/commissioners').then((r) => r.items.map(commissioner)),
  assign: (uscc: string[], commissioner_id: number) => post<{ assigned: number }>('/api/desk/assignments', { uscc, commissioner_id }),
  autoAssign: (city?: string) => post<{ assigned: number }>('/api/desk/assignments/auto', city ? { city } : {}),
  kpi: (q: Query) => get<unknown>('/api/desk/kpi' + query(q)).then(kpiAnswer),
  kpiCases: (q: { group: KpiGroup; key?: string; metric: string; from?: string; to?: string }) => get<unknown>('/api/desk/kpi/cases' + query(q)).then(idList),
  notifications: () =>
    get<{ unread: number; items: Record<string, unknown>[] }>('/api/desk/notifications').then((r) => ({ unread: Number(r.unread ?? 0), items: (r.items ?? []).map(notification) })),
  markRead: (body: { ids: number[] } | { all: true }) => post<unknown>('/api/desk/notifications/read', body),
  departments: () => get<{ items: { code: string; name: string }[] }>('/api/departments').then((r) => r.items),
  cities: () => get<{ items: string[] }>('/api/cities').then((r) => r.items),
}

/** Downloads an export under a Chinese name chosen by the page (the server names files in ASCII). */
export function deskDownload(path: string, q: Query, filename: string) {
  return downloadUrl(path + query(q), filename)
}
