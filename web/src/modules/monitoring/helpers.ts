// Pure helpers of the 监测调度 pages: the period label of a month, rank change arrows, the warning
// levels' tags, milestone states as tags and steps, exact thousands grouping of the API's decimal
// strings, exact comparison of signed decimals (for sorting), and the chart of growth by city.
// Figures stay the server's strings: nothing is rounded here; the only floats are chart geometry.
import type { CityRow, DataTable, Level, MilestoneState, TableVersion } from './api'

/** The value shown for a figure: the server's string, or a dash. */
export function shown(v: string | number | null | undefined): string {
  return v === null || v === undefined || v === '' ? '—' : String(v)
}

/**
 * The cumulative period of a reporting month: "2023-06" → "1—6月" (zh) or "Jan–Jun" (en); with the
 * year, "2023年1—6月" / "Jan–Jun 2023". January is never reported alone, but "2023-01" still reads "1月".
 */
export function periodLabel(month: string | null | undefined, locale = 'zh-CN', withYear = false): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month ?? '')
  if (!m) return month ?? '—'
  const [year, mon] = [Number(m[1]), Number(m[2])]
  if (locale === 'en') {
    const names = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
    const span = mon === 1 ? names[0] : `Jan–${names[mon - 1]}`
    return withYear ? `${span} ${year}` : span
  }
  const span = mon === 1 ? '1月' : `1—${mon}月`
  return withYear ? `${year}年${span}` : span
}

export type RankMove = { arrow: '↑' | '↓' | '—' | ''; text: string; kind: 'up' | 'down' | 'same' | 'none' }
/** A rank change (positive: moved up the table) as an arrow and places: ↑2, ↓1, — (unchanged), '' (none). */
export function rankMove(change: number | string | null | undefined): RankMove {
  if (change === null || change === undefined || change === '') return { arrow: '', text: '', kind: 'none' }
  const n = Number(change)
  if (!Number.isInteger(n)) return { arrow: '', text: '', kind: 'none' }
  if (n > 0) return { arrow: '↑', text: `↑${n}`, kind: 'up' }
  if (n < 0) return { arrow: '↓', text: `↓${-n}`, kind: 'down' }
  return { arrow: '—', text: '—', kind: 'same' }
}

export const LEVELS: readonly Level[] = ['red', 'orange', 'yellow', 'blue']
/** The Element Plus tag of a warning level: red and blue by type, orange and yellow by colour. */
export function levelTag(level: string): { type: 'danger' | 'warning' | 'primary' | 'info'; color?: string } {
  switch (level) {
    case 'red':
      return { type: 'danger' }
    case 'orange':
      return { type: 'warning', color: '#f4e1d2' }
    case 'yellow':
      return { type: 'warning', color: '#fbf3d5' }
    case 'blue':
      return { type: 'primary' }
    default:
      return { type: 'info' }
  }
}
/** Text colours for the orange and yellow tags (on the light backgrounds above; WCAG AA contrast). */
export function levelTextColor(level: string): string | undefined {
  return ({ orange: '#8a4210', yellow: '#6b5200' } as Record<string, string>)[level]
}

/** Element Plus tag type of a milestone state. */
export function milestoneTag(state: string): 'success' | 'warning' | 'danger' | 'primary' | 'info' {
  return ({ done: 'success', late: 'warning', overdue: 'danger', due: 'primary', pending: 'info' } as const)[state as MilestoneState] ?? 'info'
}
/** The el-steps status of a milestone state. */
export function milestoneStep(state: string): 'success' | 'finish' | 'error' | 'process' | 'wait' {
  return ({ done: 'success', late: 'finish', overdue: 'error', due: 'process', pending: 'wait' } as const)[state as MilestoneState] ?? 'wait'
}
/** The step of el-steps that is "active": the first milestone not reached. */
export function activeStep(states: string[]): number {
  const i = states.findIndex((s) => s !== 'done' && s !== 'late')
  return i < 0 ? states.length : i
}

/** Element Plus tag type of a bulletin status or a data table status. */
export function statusTag(status: string | null | undefined): 'success' | 'warning' | 'info' | 'primary' | 'danger' {
  return ({ issued: 'success', draft: 'warning', verified: 'success', pending: 'warning', rejected: 'danger' } as Record<string, 'success' | 'warning' | 'danger'>)[status ?? ''] ?? 'info'
}

const DEC = /^\s*([+-]?)(\d+)(?:\.(\d+))?\s*$/
/** A decimal string with its integer part grouped by thousands, digits otherwise untouched: "1234567.8" → "1,234,567.8". */
export function grouped(v: string | number | null | undefined): string {
  if (v === null || v === undefined || v === '') return '—'
  const m = DEC.exec(String(v))
  if (!m) return String(v)
  return `${m[1] === '-' ? '-' : ''}${m[2].replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${m[3] !== undefined ? '.' + m[3] : ''}`
}

/** Compares two signed decimal strings exactly (-1, 0, 1); a missing or unreadable value sorts below every number. */
export function compareDecimal(a: string | null | undefined, b: string | null | undefined): number {
  const x = a == null ? null : DEC.exec(a)
  const y = b == null ? null : DEC.exec(b)
  if (!x || !y) return x ? 1 : y ? -1 : 0
  const places = Math.max((x[3] ?? '').length, (y[3] ?? '').length)
  const big = (m: RegExpExecArray) => BigInt((m[1] === '-' ? '-' : '') + m[2] + (m[3] ?? '').padEnd(places, '0'))
  const p = big(x)
  const q = big(y)
  return p < q ? -1 : p > q ? 1 : 0
}

/** Negative figures in the warning colour (growth, contribution): 'down', 'up' or ''. */
export function sign(v: string | null | undefined): 'up' | 'down' | '' {
  if (v == null || !DEC.test(v)) return ''
  const c = compareDecimal(v, '0')
  return c < 0 ? 'down' : c > 0 ? 'up' : ''
}

/** Cities by growth, highest first (exact); cities without growth last, in the official order. */
export function byGrowth<R extends { growth_pct: string | null }>(rows: R[]): R[] {
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => compareDecimal(b.r.growth_pct, a.r.growth_pct) || a.i - b.i)
    .map((x) => x.r)
}

/**
 * The growth chart: a bar per city (sorted by growth), the own city highlighted, and the 全区 growth
 * as a horizontal line. Values are numbers only for the chart's geometry; labels carry the strings.
 */
export function growthChart(rows: CityRow[], total: CityRow | null | undefined, labels: { growth: string; total: string }) {
  const sorted = byGrowth(rows.filter((r) => r.growth_pct !== null && r.growth_pct !== undefined))
  const totalValue = total?.growth_pct != null ? Number(total.growth_pct) : null
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 48, right: 24, top: 36, bottom: 64 },
    xAxis: { type: 'category', data: sorted.map((r) => r.city), axisLabel: { interval: 0, rotate: 30 } },
    yAxis: { type: 'value', name: '%' },
    series: [
      {
        name: labels.growth,
        type: 'bar',
        data: sorted.map((r) => ({
          value: Number(r.growth_pct),
          label: { show: true, position: Number(r.growth_pct) < 0 ? 'bottom' : 'top', formatter: r.growth_pct ?? '' },
          itemStyle: { color: r.own ? '#d98a1e' : Number(r.growth_pct) < 0 ? '#d64541' : '#3d7bd9' },
        })),
      },
      ...(totalValue === null
        ? []
        : [{ name: `${labels.total} ${total!.growth_pct}%`, type: 'line', symbol: 'none', lineStyle: { type: 'dashed', color: '#2f8f5b' }, itemStyle: { color: '#2f8f5b' }, data: sorted.map(() => totalValue) }]),
    ],
  }
}

/** Whether the page says that the other cities appear only as the 通报 publishes them (a city user, not yet published). */
export function showPublishedNote(role: string | undefined, table: { published?: boolean } | undefined): boolean {
  if (role !== 'city_official' || !table) return false
  return !table.published
}

/** The warning's text in the user's language (the other language when one is missing). */
export function warningText(w: { message_zh?: string; message_en?: string }, locale: string): string {
  return (locale === 'en' ? w.message_en || w.message_zh : w.message_zh || w.message_en) ?? ''
}

/** The figures of a warning as "key value" pairs, for the list's figures column. */
export function figureList(figures: Record<string, unknown> | null | undefined): { key: string; value: string }[] {
  return Object.entries(figures ?? {}).map(([key, v]) => ({ key, value: v === null || v === undefined ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v) }))
}

/** Unix seconds or an ISO time → Beijing time "2023年3月31日 08:05" / "2023-03-31 08:05". */
export function bjTime(v: number | string | null | undefined, locale = 'zh-CN'): string {
  if (v === null || v === undefined || v === '') return '—'
  const ms = typeof v === 'number' ? v * 1000 : /^\d+$/.test(v) ? Number(v) * 1000 : Date.parse(v)
  if (!Number.isFinite(ms)) return String(v)
  const d = new Date(ms + 8 * 3600 * 1000)
  const pad = (n: number) => String(n).padStart(2, '0')
  const [y, m, day, hh, mm] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes()]
  return locale === 'en' ? `${y}-${pad(m)}-${pad(day)} ${pad(hh)}:${pad(mm)}` : `${y}年${m}月${day}日 ${pad(hh)}:${pad(mm)}`
}

/** The four data tables in the order the province uploads them. */
export const TABLES = ['enterprise_monthly', 'city_indicators', 'projects', 'project_investment'] as const

/** Guangxi's 14 prefecture cities in the official order (the city filters). */
export const CITIES = ['南宁市', '柳州市', '桂林市', '梧州市', '北海市', '防城港市', '钦州市', '贵港市', '玉林市', '百色市', '贺州市', '河池市', '来宾市', '崇左市'] as const

/** Whether the user sees every city (the province and the auditors: the city filters are theirs). */
export function seesAllCities(user: { role?: string; scope?: string } | null | undefined): boolean {
  return !!user && (user.role === 'province_admin' || user.role === 'auditor' || user.scope === 'province')
}

/**
 * What the data page shows of a table: its latest upload (the highest version), whether that one waits
 * for 核定, and the version in force (the latest verified) when it is an older one.
 */
export function tableState(t: DataTable): { latest: TableVersion | null; pending: boolean; inForce: TableVersion | null } {
  const versions = [...(t.versions ?? [])].sort((a, b) => (b.version ?? 0) - (a.version ?? 0))
  if (!versions.length && (t.rows != null || t.uploaded_at != null))
    versions.push({ status: t.status ?? '', rows: t.rows ?? null, uploaded_at: t.uploaded_at ?? null, uploaded_by: t.uploaded_by ?? null, verified_at: t.verified_at ?? null, sha256: t.sha256 ?? null })
  const latest = versions[0] ?? null
  const pending = latest?.status === 'pending'
  const verified = versions.find((v) => v.status === 'verified') ?? null
  return { latest, pending, inForce: verified && verified !== latest ? verified : null }
}

/** The cities of a pending upload that have not confirmed their rows yet (in the upload's order). */
export function awaitingCities(v: TableVersion | null): string[] {
  if (!v || v.status !== 'pending') return []
  const done = new Set((v.checks ?? []).filter((c) => c.approved).map((c) => c.city))
  return (v.cities ?? []).filter((c) => !done.has(c))
}

/** Whether `city` is asked to 核定 this upload: it has rows in it and has not checked it yet. */
export function cityMayCheck(v: TableVersion | null, city: string | null | undefined): boolean {
  if (!v || v.status !== 'pending' || !city) return false
  return (v.cities ?? []).includes(city) && !(v.checks ?? []).some((c) => c.city === city)
}
