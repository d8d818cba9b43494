// Pure helpers of the 亩均效益 pages: grade order and colours, the charts' series, the park "map"
// (parks placed around their city's centre; no tiles), exact decimal checks for the what-if form,
// and the explanation line in the user's language. Scores stay the server's strings: the only
// arithmetic here is on counts, on exact decimals (BigInt) and on chart geometry.
import type { GradeCounts, Line } from './api'

/** The lifecycle's next steps from a status (the server decides who may take them: three people). */
export function nextSteps(status: string | undefined): { to: string; reason: boolean; type: 'primary' | 'success' | 'danger' }[] {
  const forward: Record<string, string> = { draft: 'reviewed', reviewed: 'approved', approved: 'publicized', publicized: 'effective' }
  const out: { to: string; reason: boolean; type: 'primary' | 'success' | 'danger' }[] = []
  if (!status || !(status in forward)) return out
  out.push({ to: forward[status], reason: false, type: forward[status] === 'publicized' ? 'success' : 'primary' })
  out.push({ to: 'withdrawn', reason: status === 'publicized', type: 'danger' })
  return out
}
export function statusTag(status: string | undefined): 'info' | 'primary' | 'success' | 'warning' | 'danger' {
  return ({ draft: 'info', reviewed: 'primary', approved: 'primary', publicized: 'warning', effective: 'success', withdrawn: 'danger' } as const)[status as 'draft'] ?? 'info'
}

/** The exempt grade of the shipped scheme (new enterprises, utilities): listed, never ranked. */
export const EXEMPT = 'T'

/** Grades in display order: the scheme's order when given, else alphabetical; the exempt grade last. */
export function sortGrades(grades: Iterable<string>, schemeOrder: readonly string[] = []): string[] {
  const pos = (g: string) => {
    const i = schemeOrder.indexOf(g)
    return i >= 0 ? i : schemeOrder.length
  }
  return [...new Set(grades)].filter((g) => g !== '').sort((a, b) => {
    if (a === EXEMPT || b === EXEMPT) return a === b ? 0 : a === EXEMPT ? 1 : -1
    return pos(a) - pos(b) || a.localeCompare(b)
  })
}

/** Every grade that occurs in any of the counts (and the scheme's), in display order. */
export function gradesOf(counts: (GradeCounts | undefined)[], schemeOrder: readonly string[] = []): string[] {
  const all = new Set<string>(schemeOrder)
  for (const c of counts) for (const g of Object.keys(c ?? {})) all.add(g)
  return sortGrades(all, schemeOrder)
}

const COLOURS: Record<string, string> = { A: '#2f8f5b', B: '#3d7bd9', C: '#d99a1e', D: '#d64541', [EXEMPT]: '#8a8f99' }
const SPARE = ['#7c5cc4', '#1f9aa6', '#b5651d', '#5d6d7e']
export function gradeColor(grade: string): string {
  return COLOURS[grade] ?? SPARE[Math.abs([...grade].reduce((h, c) => h * 31 + c.charCodeAt(0), 7)) % SPARE.length]
}
/** Element Plus tag type of a grade. */
export function gradeTag(grade: string): 'success' | 'primary' | 'warning' | 'danger' | 'info' {
  return ({ A: 'success', B: 'primary', C: 'warning', D: 'danger' } as const)[grade as 'A'] ?? 'info'
}

/** The total of a grade count map (rated and exempt). */
export function total(counts: GradeCounts | undefined): number {
  return Object.values(counts ?? {}).reduce((s, n) => s + (Number(n) || 0), 0)
}

/** A stacked bar chart's categories and one series per grade (counts), for by_city / by_park. */
export function stacked(rows: { label: string; grades: GradeCounts }[], grades: string[]) {
  return {
    categories: rows.map((r) => r.label),
    series: grades.map((g) => ({ name: g, type: 'bar', stack: 'grades', itemStyle: { color: gradeColor(g) }, data: rows.map((r) => Number(r.grades?.[g] ?? 0)) })),
  }
}

/** Before/after counts per grade for the what-if answer. */
export function gradeDelta(before: GradeCounts | undefined, after: GradeCounts | undefined, order: readonly string[] = []) {
  return gradesOf([before, after], order).map((grade) => {
    const b = Number(before?.[grade] ?? 0)
    const a = Number(after?.[grade] ?? 0)
    return { grade, before: b, after: a, diff: a - b }
  })
}
export function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n)
}

/** The line in the user's language (the Chinese one when there is no English). */
export function lineText(l: Line | string | null | undefined, locale: string): string {
  if (!l) return ''
  if (typeof l === 'string') return l
  return (locale === 'en' ? l.en || l.zh : l.zh || l.en) ?? ''
}

// ---- Guangxi's 14 prefecture cities: approximate centres (longitude, latitude) of their seats.
export const CITY_CENTRES: Record<string, [number, number]> = {
  南宁市: [108.37, 22.82],
  柳州市: [109.42, 24.33],
  桂林市: [110.29, 25.27],
  梧州市: [111.28, 23.48],
  北海市: [109.12, 21.48],
  防城港市: [108.35, 21.69],
  钦州市: [108.62, 21.96],
  贵港市: [109.6, 23.11],
  玉林市: [110.16, 22.63],
  百色市: [106.62, 23.9],
  贺州市: [111.57, 24.4],
  河池市: [108.06, 24.69],
  来宾市: [109.22, 23.75],
  崇左市: [107.36, 22.38],
}
/** The centre of a city, with or without 市 ("南宁" and "南宁市"); null for a name not among the 14. */
export function cityCentre(city: string | null | undefined): [number, number] | null {
  if (!city) return null
  const c = city.trim()
  return CITY_CENTRES[c] ?? CITY_CENTRES[c + '市'] ?? null
}

/**
 * Parks placed at their city's centre; several parks of one city are spread on a small spiral around
 * it (by park_id, so a park keeps its place between loads). Parks of an unknown city are left out.
 */
export function placeParks<P extends { park_id: string; city: string }>(parks: P[], radius = 0.16): { park: P; lon: number; lat: number }[] {
  const byCity = new Map<string, P[]>()
  for (const p of parks) {
    if (!cityCentre(p.city)) continue
    const k = cityCentre(p.city)!.join(',')
    byCity.set(k, [...(byCity.get(k) ?? []), p])
  }
  const out: { park: P; lon: number; lat: number }[] = []
  for (const list of byCity.values()) {
    const sorted = [...list].sort((a, b) => a.park_id.localeCompare(b.park_id))
    sorted.forEach((park, i) => {
      const [lon, lat] = cityCentre(park.city)!
      if (i === 0) return out.push({ park, lon, lat })
      const angle = i * 2.399963 // the golden angle: no two parks on one ray
      const r = radius * Math.sqrt(i / sorted.length) + radius * 0.35
      out.push({ park, lon: round(lon + r * Math.cos(angle), 4), lat: round(lat + r * Math.sin(angle), 4) })
    })
  }
  return out
}
function round(x: number, d: number) {
  const f = 10 ** d
  return Math.round(x * f) / f
}

/** Bubble diameter in pixels for an area (mu) against the largest: by square root (area ∝ bubble area), 10–56 px. */
export function bubbleSize(area: string | number | null | undefined, largest: number): number {
  const a = Number(area)
  if (!Number.isFinite(a) || a <= 0 || !(largest > 0)) return 10
  return Math.round(10 + 46 * Math.sqrt(Math.min(a, largest) / largest))
}

// ---- exact decimals for the what-if form (weights "30", "12.5"; cumulative percents "20", "95").
const DEC = /^\d+(\.\d+)?$/
export function isDecimal(s: unknown): s is string {
  return typeof s === 'string' && DEC.test(s.trim())
}
function scaled(s: string, places: number): bigint {
  const [i, f = ''] = s.trim().split('.')
  return BigInt(i + f.padEnd(places, '0'))
}
function places(...xs: string[]) {
  return Math.max(0, ...xs.map((x) => (x.trim().split('.')[1] ?? '').length))
}
/** Compares two non-negative decimal strings exactly: -1, 0, 1. */
export function compareDecimal(a: string, b: string): number {
  const p = places(a, b)
  const x = scaled(a, p)
  const y = scaled(b, p)
  return x < y ? -1 : x > y ? 1 : 0
}
/** The exact sum of non-negative decimal strings, with as many decimals as the longest (trailing zeros kept). */
export function sumDecimals(xs: string[]): string {
  if (!xs.length) return '0'
  const p = places(...xs)
  const s = xs.reduce((acc, x) => acc + scaled(x, p), 0n).toString().padStart(p + 1, '0')
  return p ? `${s.slice(0, -p)}.${s.slice(-p)}` : s
}

export type FormProblem = { key: string; params?: Record<string, string> }
/** What is wrong with the what-if weights (each a non-negative decimal, at least one above zero). */
export function weightProblems(weights: Record<string, string>, names: Record<string, string> = {}): FormProblem[] {
  const out: FormProblem[] = []
  for (const [id, w] of Object.entries(weights)) if (!isDecimal(w)) out.push({ key: 'parks.whatIf.badWeight', params: { name: names[id] ?? id } })
  if (!out.length && Object.values(weights).every((w) => compareDecimal(w, '0') === 0)) out.push({ key: 'parks.whatIf.allZero' })
  return out
}
/** What is wrong with the grade splits: cumulative whole percents above 0, rising, the last one 100. */
export function splitProblems(splits: { grade: string; percent: string }[]): FormProblem[] {
  const out: FormProblem[] = []
  let prev = '0'
  for (const s of splits) {
    if (!/^\d{1,3}$/.test(s.percent.trim()) || compareDecimal(s.percent, '100') > 0) {
      out.push({ key: 'parks.whatIf.badPercent', params: { grade: s.grade } })
      return out
    }
    if (compareDecimal(s.percent, prev) <= 0) {
      out.push({ key: 'parks.whatIf.notRising', params: { grade: s.grade } })
      return out
    }
    prev = s.percent
  }
  if (splits.length && compareDecimal(prev, '100') !== 0) out.push({ key: 'parks.whatIf.lastNot100' })
  return out
}
/** Whether two settings are the same number ("30" and "30.0"), compared exactly. */
export function sameDecimal(a: string | number, b: string | number): boolean {
  const x = String(a)
  const y = String(b)
  return isDecimal(x) && isDecimal(y) ? compareDecimal(x, y) === 0 : x === y
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

/** Who made an evaluation, whether the server sends a name or a user object. */
export function byName(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—'
  if (typeof v === 'string') return v
  if (typeof v === 'number') return `#${v}`
  const o = v as { display_name?: string; name?: string; username?: string }
  return o.display_name || o.name || o.username || '—'
}

/** The value shown for a score or figure: the server's string, or a dash. */
export function shown(v: string | number | null | undefined): string {
  return v === null || v === undefined || v === '' ? '—' : String(v)
}

/** Text made safe for the HTML of a chart tooltip (names come from uploaded data). */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}

/** 'up' or 'down' from the server's direction however spelled (1 / -1, "+" / "-", "up" / "down", …); null otherwise. */
export function directionKey(d: unknown): 'up' | 'down' | null {
  const s = String(d ?? '').trim().toLowerCase()
  if (['1', '+1', '+', '+1%', 'up', 'increase', 'raise', 'higher'].includes(s)) return 'up'
  if (['-1', '-', '-1%', 'down', 'decrease', 'lower', 'reduce'].includes(s)) return 'down'
  return null
}

/** An indicator's name in the user's language (the Chinese one when there is no English). */
export function indicatorName(i: { id: string; name?: string; name_en?: string } | undefined, locale: string, fallback = ''): string {
  if (!i) return fallback
  return (locale === 'en' ? i.name_en || i.name : i.name || i.name_en) || i.id || fallback
}

/** The what-if grade counts against the evaluation's: only the grades the what-if grades (rated rows; not the exempt). */
export function whatIfDelta(before: GradeCounts | undefined, after: GradeCounts | undefined, order: readonly string[]) {
  const graded = new Set([...order, ...Object.keys(after ?? {})])
  const kept = Object.fromEntries(Object.entries(before ?? {}).filter(([g]) => graded.has(g)))
  return gradeDelta(kept, after, order)
}
