// Response bodies as the server sends them today (src/api/app.cpp). Amounts: awards are integer yuan
// (`*_yuan: number`), output is a decimal yuan string; times are epoch seconds; months "YYYY-MM".

export interface Page<T> {
  total: number
  page: number
  page_size: number
  items: T[]
}
export interface Items<T> {
  items: T[]
}

export interface User {
  id: number
  username: string
  display_name: string
  role: string
  role_name: string
  scope: string
  city: string
  department: string
  uscc: string
  must_change_password: boolean
  permissions: string[]
}
export interface Session {
  user: User
  csrf_token: string
  expires_at?: number
  /** The security setting: minutes of idleness before the server ends the session (GET /api/auth/me). */
  idle_timeout_minutes: number
}
export interface LoginKey {
  algorithm: string
  cipher_mode: string
  public_key: string
}
export interface Captcha {
  id: string
  image: string // data:image/png;base64,…
}

export interface Enterprise {
  uscc: string
  name: string
  city: string
  industry: string
  scale_since: string
}
export interface Designation {
  designation: string
  valid_from: string
  valid_to: string
}
export interface EnterpriseDetail extends Enterprise {
  updated_at: number
  designations: Designation[]
}
export interface OutputMonth {
  uscc: string
  name: string
  city: string
  month: string
  output_yuan: string
  status: 'pending' | 'verified' | 'rejected' | string
  revision: number
  verified_at: number | null
  reject_reason: string | null
}
export interface Contact {
  contact_name: string
  phone: string
  id_number: string
  bank_account: string
  masked: boolean
}
export interface Progress {
  city: string
  enterprises: number
  pending: number
  verified: number
  rejected: number
}
export interface DefectRow {
  file: string
  line: number
  field: string
  value: string
  message_zh: string
  message_en: string
}
export interface UploadResult {
  upload_id: number
  accepted: boolean
  rows: number
  defects_total: number
  defects: DefectRow[]
  defect_report?: string
}

export interface Tally {
  rows: number
  eligible_rows: number
  beneficiaries: number
  total_yuan: number
}
export interface RunSummary {
  policy?: string
  all: Tally | null
  total_before_budget_yuan?: number
  budget_yuan?: number | null
  budget_scaled?: boolean
  by_clause?: { clause: string; title: string; tally: Tally }[]
  by_city?: { city: string; tally: Tally }[]
}
export type RunStatus = 'draft' | 'reviewed' | 'approved' | 'publicized' | 'disbursed' | 'withdrawn'
export interface Run {
  id: number
  policy: string
  policy_version: string
  policy_hash: string
  data_hash: string
  result_hash: string
  status: RunStatus
  budget_yuan: number | null
  total_yuan: number | null
  row_count: number | null
  created_by: number
  created_at: number
  notice_days: number
  notice_from?: string
  notice_until?: string
  /** Enterprises and months left out because they were not verified when the run was computed. */
  pending_enterprises?: number | null
  pending_months?: number | null
  /** The whole province's total: also given to city users once the run is publicized or disbursed. */
  province_total_yuan?: number | null
  /** GET one run: the verified data changed since it was computed. */
  stale?: boolean
  superseded_by?: number | null
  current_run?: number | null
  open_objections?: number
  summary: RunSummary
}
export interface RunEvent {
  id: number
  kind: 'transition' | 'objection.filed' | 'objection.upheld' | 'objection.rejected' | 'recomputed' | string
  from_status: string | null
  to_status: string | null
  user_id?: number
  user: string
  at: number
  note: string | null
}
export interface Objection {
  id: number
  run_id: number
  uscc: string
  name: string
  city: string
  clause: string | null
  text: string
  status: 'open' | 'upheld' | 'rejected' | 'closed'
  filed_at: number
  decided_at: number | null
  decision_reason: string | null
}
export interface RunLedgerEntry {
  id?: number
  run_id?: number
  uscc: string
  name: string
  city: string
  clause: string
  period: string
  kind: 'award' | 'supplement' | 'clawback' | string
  amount_yuan: number
  at: number
  note?: string
  policy?: string
}
export interface CompareTotal {
  key: string
  before_yuan: number
  after_yuan: number
  changed_rows: number
}
export interface ComparePage {
  total: number
  page: number
  page_size: number
  items: CompareRow[]
  by_city: CompareTotal[]
  by_clause: CompareTotal[]
}
export interface RunRow {
  uscc: string
  name: string
  city: string
  clause: string
  period: string
  eligible: boolean
  amount_yuan: number
  computed_yuan: number
  capped_yuan: number
  reason: string
}
export interface CompareRow {
  uscc: string
  name: string
  city: string
  clause: string
  period: string
  eligible_before: boolean
  amount_before: number | null
  eligible_after: boolean
  amount_after: number | null
  reason_after: string
}
export interface ExplainPeriod {
  period: string
  eligible: boolean
  amount_yuan: number
  computed_yuan: number
  capped_yuan: number
  reason: string
}
export interface Explanation {
  run: number
  policy: string
  uscc: string
  name: string
  clauses: { clause: string; title: string; text: string; responsible_units?: string; periods: ExplainPeriod[] }[]
  /** false: the enterprise has no row in the run; `note` and `trace` say why (multi-line Chinese text). */
  in_run?: boolean
  data_current?: boolean
  note?: string
  trace?: string
}
export interface LedgerEntry {
  id: number
  run_id: number
  clause: string
  period: string
  kind: string
  amount_yuan: number
  at: number
  note: string
}

export interface PolicyBrief {
  id: string
  title: string
  document: string
  version: string
  in_force: string
  clauses: { id: string; title: string; enabled: boolean }[]
}
export interface PolicyClause {
  id: string
  title: string
  text: string
  responsible_units: string[]
  periods: string[]
  rate: string
  growth_min: string
  cap_per_year_yuan: number | null
}
export interface PolicyDetail extends Omit<PolicyBrief, 'clauses'> {
  budget_note: string
  clauses: PolicyClause[]
}

export interface Task {
  id: number
  uscc: string | null
  name: string | null
  city: string | null
  department: string
  title: string
  detail: string
  status: string
  created_at: number
  updated_at: number
}

export interface AccountRow {
  id: number
  username: string
  display_name: string
  role: string
  city: string
  department: string
  uscc: string
  must_change_password: boolean
  disabled: boolean
  created_at: number
  pending_confirmation: '' | 'create' | 'enable' | 'reset' // waits for a security administrator
}
export interface SessionRow {
  id: string
  user_id: number
  username: string
  role: string
  ip: string
  user_agent: string
  created_at: number
  last_seen: number
  expires_at: number
}
export interface SecuritySettings {
  password_min_length: number
  password_expiry_days: number
  max_failures_account: number
  idle_timeout_minutes: number
  single_session: boolean
  password_hash: string
  [k: string]: unknown
}
export interface AuditEntry {
  id: number
  at: number
  user_id: number
  username: string
  role: string
  scope: string
  action: string
  object_type: string
  object_id: string
  before: string
  after: string
  ip: string
  request_id: string
  result: string
  hash: string
}

// 政策模拟 (POST /api/simulate, GET /api/policies/{id}/parameters, /api/scenarios).
export interface PolicyParameter {
  key: string
  clause: string
  label: string
  kind: 'percent' | 'yuan' | 'bool'
  /** "10%", "5000000" or "true" */
  value: string
  min?: string
  max?: string
  step?: string
}
export interface SimTotals {
  total_yuan: number
  beneficiaries: number
  budget_yuan: number | null
  budget_scaled: boolean
  total_before_budget_yuan: number
  by_clause: { clause: string; title: string; total_yuan: number; beneficiaries: number }[]
  by_city: { city: string; total_yuan: number; beneficiaries: number }[]
}
export interface SimChange {
  uscc: string
  name: string
  city: string
  before_yuan: number
  after_yuan: number
}
export interface SimResult {
  elapsed_ms: number
  data_hash: string
  enterprises: number
  baseline: SimTotals
  scenario: SimTotals
  changes: { gainers: number; losers: number; new_beneficiaries: number; lost_beneficiaries: number; items: SimChange[] }
}
export interface Scenario {
  id: number
  name: string
  policy: string
  set: Record<string, string>
  budget_yuan: number | null
  created_by: string | number
  created_at: number
}

export interface UploadRecord {
  id: number
  kind: 'enterprises' | 'designations' | 'output'
  filename: string
  username: string
  city: string
  created_at: number
  accepted: boolean
  rows: number
  defects_total: number
}
export interface DesignationCode {
  code: string
  name: string
}
