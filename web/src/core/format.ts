// Formatting for what officials read: money in 万元 with thousands separators (exact yuan on hover),
// dates as 2023年3月31日, growth as a signed percentage. Exact arithmetic throughout: amounts arrive as
// integer yuan (awards) or decimal yuan strings (output) and are handled as BigInt fen, never floats.

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

/** Parses integer yuan (number) or a decimal yuan string ("1234.5", "-0.07") into fen; null if invalid. */
export function toFen(amount: number | string | bigint | null | undefined): bigint | null {
  if (amount === null || amount === undefined || amount === '') return null
  if (typeof amount === 'bigint') return amount * 100n
  if (typeof amount === 'number') {
    if (!Number.isSafeInteger(amount)) return null
    return BigInt(amount) * 100n
  }
  const m = /^\s*(-?)(\d+)(?:\.(\d{1,2}))?\s*$/.exec(amount.replaceAll(',', ''))
  if (!m) return null
  const fen = BigInt(m[2]) * 100n + BigInt((m[3] ?? '').padEnd(2, '0') || '0')
  return m[1] === '-' ? -fen : fen
}

/** Rounds fen to a multiple of `unit` fen, half away from zero. */
function roundFen(fen: bigint, unit: bigint): bigint {
  const neg = fen < 0n
  const a = neg ? -fen : fen
  const q = (a + unit / 2n) / unit
  return neg ? -q : q
}

function fixed(units: bigint, decimals: number): string {
  const neg = units < 0n
  const s = (neg ? -units : units).toString().padStart(decimals + 1, '0')
  const int = s.slice(0, s.length - decimals)
  const frac = decimals ? '.' + s.slice(s.length - decimals) : ''
  return (neg && units !== 0n ? '-' : '') + groupThousands(int) + frac
}

/** "20,399.00" for 203,990,046 yuan: 万元 with two decimals (rounded half away from zero). */
export function wanYuan(amount: number | string | bigint | null | undefined): string {
  const fen = toFen(amount)
  if (fen === null) return '—'
  return fixed(roundFen(fen, 10000n), 2) // 0.01 万元 = 100 yuan = 10,000 fen
}

/** "203,990,046 元" or "1,297,963.43 元": the exact amount, for the hover text. */
export function exactYuan(amount: number | string | bigint | null | undefined): string {
  const fen = toFen(amount)
  if (fen === null) return '—'
  return (fen % 100n === 0n ? fixed(fen / 100n, 0) : fixed(fen, 2)) + ' 元'
}

/** "2023年3月31日" from "2023-03-31", a Date, or epoch seconds; "2023年3月" from "2023-03". */
export function cnDate(value: string | number | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—'
  if (typeof value === 'string') {
    const d = /^(\d{4})-(\d{2})-(\d{2})/.exec(value)
    if (d) return `${+d[1]}年${+d[2]}月${+d[3]}日`
    const m = /^(\d{4})-(\d{2})$/.exec(value)
    if (m) return `${+m[1]}年${+m[2]}月`
    return value
  }
  const date = typeof value === 'number' ? new Date(value * 1000) : value
  if (Number.isNaN(date.getTime())) return '—'
  return `${date.getFullYear()}年${date.getMonth() + 1}月${date.getDate()}日`
}

/** "2023年3月31日 14:05" from epoch seconds (local time). */
export function cnDateTime(epochSeconds: number | null | undefined): string {
  if (epochSeconds === null || epochSeconds === undefined) return '—'
  const d = new Date(epochSeconds * 1000)
  const hh = String(d.getHours()).padStart(2, '0')
  const mm = String(d.getMinutes()).padStart(2, '0')
  return `${cnDate(d)} ${hh}:${mm}`
}

/** "2023年1—3月" from a period "2023-01/2023-03"; "2023年1月—2024年2月" across years. */
export function cnPeriod(period: string | null | undefined): string {
  if (!period) return '—'
  const m = /^(\d{4})-(\d{2})\/(\d{4})-(\d{2})$/.exec(period)
  if (!m) return cnDate(period)
  if (m[1] === m[3]) return m[2] === m[4] ? `${+m[1]}年${+m[2]}月` : `${+m[1]}年${+m[2]}—${+m[4]}月`
  return `${+m[1]}年${+m[2]}月—${+m[3]}年${+m[4]}月`
}

/**
 * Growth of `current` over `previous` as "+12.50%" / "-5.25%" (two decimals, half away from zero),
 * computed exactly in fen; "—" when the base is zero or missing.
 */
export function growth(current: number | string | null | undefined, previous: number | string | null | undefined): string {
  const c = toFen(current)
  const p = toFen(previous)
  if (c === null || p === null || p === 0n) return '—'
  // percent with two decimals = (c - p) / p * 10000 hundredths of a percent
  const num = (c - p) * 10000n
  const den = p < 0n ? -p : p
  const neg = num < 0n
  const q = ((neg ? -num : num) * 2n + den) / (2n * den)
  const s = fixed(neg ? -q : q, 2)
  return (q === 0n ? '' : neg ? '' : '+') + s + '%'
}

/**
 * part ÷ whole as a percentage with two decimals, exact from integers (BigInt, half up): 1 ÷ 3 → "33.33%".
 * '—' when the whole is not positive.
 */
export function sharePercent(part: number | bigint | null | undefined, whole: number | bigint | null | undefined): string {
  if (part === null || part === undefined || whole === null || whole === undefined) return '—'
  const p = BigInt(part)
  const w = BigInt(whole)
  if (w <= 0n || p < 0n) return '—'
  const hundredths = (p * 20000n + w) / (2n * w) // round(p / w × 10000)
  return `${hundredths / 100n}.${String(hundredths % 100n).padStart(2, '0')}%`
}
