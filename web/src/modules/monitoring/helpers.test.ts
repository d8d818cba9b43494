import { describe, expect, it } from 'vitest'
import {
  CITIES,
  LEVELS,
  activeStep,
  awaitingCities,
  bjTime,
  byGrowth,
  cityMayCheck,
  compareDecimal,
  figureList,
  grouped,
  growthChart,
  levelTag,
  levelTextColor,
  milestoneStep,
  milestoneTag,
  periodLabel,
  rankMove,
  seesAllCities,
  showPublishedNote,
  shown,
  sign,
  statusTag,
  tableState,
  warningText,
} from './helpers'
import type { CityRow } from './api'
import zh from './messages.zh'
import en from './messages.en'

const city = (name: string, growth: string | null, own = false): CityRow => ({
  city: name, output_yuan: '1.00', base_yuan: '1.00', growth_pct: growth, rank: null, rank_change: null, contribution_pp: null, own,
})

describe('period and figures', () => {
  it('labels a month with its cumulative period', () => {
    expect(periodLabel('2023-06')).toBe('1—6月')
    expect(periodLabel('2023-06', 'zh-CN', true)).toBe('2023年1—6月')
    expect(periodLabel('2023-02', 'zh-CN', true)).toBe('2023年1—2月')
    expect(periodLabel('2023-12', 'en', true)).toBe('Jan–Dec 2023')
    expect(periodLabel('2023-01')).toBe('1月')
    expect(periodLabel('')).toBe('')
    expect(periodLabel(null)).toBe('—')
  })
  it('shows the server strings or a dash', () => {
    expect(shown('12.30')).toBe('12.30')
    expect(shown(0)).toBe('0')
    expect(shown(null)).toBe('—')
    expect(shown('')).toBe('—')
  })
  it('groups the integer part by thousands without touching the digits', () => {
    expect(grouped('1234567.8')).toBe('1,234,567.8')
    expect(grouped('123456789012.345')).toBe('123,456,789,012.345')
    expect(grouped('-1000')).toBe('-1,000')
    expect(grouped('999')).toBe('999')
    expect(grouped('0.05')).toBe('0.05')
    expect(grouped(null)).toBe('—')
    expect(grouped('n/a')).toBe('n/a')
  })
  it('compares signed decimals exactly, missing values lowest', () => {
    expect(compareDecimal('-10.1', '-10.05')).toBe(-1)
    expect(compareDecimal('2.50', '2.5')).toBe(0)
    expect(compareDecimal('12345678901234567890.1', '12345678901234567890.09')).toBe(1)
    expect(compareDecimal(null, '-999')).toBe(-1)
    expect(compareDecimal('0', null)).toBe(1)
    expect(compareDecimal(null, undefined)).toBe(0)
    expect(sign('-0.1')).toBe('down')
    expect(sign('0.0')).toBe('')
    expect(sign('3')).toBe('up')
    expect(sign(null)).toBe('')
  })
})

describe('rank change', () => {
  it('is an arrow up for places gained, down for places lost', () => {
    expect(rankMove(2)).toEqual({ arrow: '↑', text: '↑2', kind: 'up' })
    expect(rankMove(-3)).toEqual({ arrow: '↓', text: '↓3', kind: 'down' })
    expect(rankMove('1').text).toBe('↑1')
    expect(rankMove(0)).toEqual({ arrow: '—', text: '—', kind: 'same' })
  })
  it('is nothing without a previous table', () => {
    expect(rankMove(null).kind).toBe('none')
    expect(rankMove(undefined).text).toBe('')
    expect(rankMove('x').kind).toBe('none')
    expect(rankMove(1.5).kind).toBe('none')
  })
})

describe('warning levels and milestones', () => {
  it('tags the four levels distinctly, orange and yellow by colour with readable text', () => {
    expect(LEVELS).toEqual(['red', 'orange', 'yellow', 'blue'])
    expect(levelTag('red').type).toBe('danger')
    expect(levelTag('blue').type).toBe('primary')
    expect(levelTag('orange').color).toBeTruthy()
    expect(levelTag('yellow').color).toBeTruthy()
    expect(levelTag('orange').color).not.toBe(levelTag('yellow').color)
    expect(levelTag('purple')).toEqual({ type: 'info' })
    expect(levelTextColor('yellow')).toMatch(/^#[0-9a-f]{6}$/)
    expect(levelTextColor('red')).toBeUndefined()
  })
  it('names each level in Chinese and English', () => {
    expect(LEVELS.map((l) => zh.level[l])).toEqual(['红色预警', '橙色预警', '黄色预警', '蓝色预警'])
    for (const l of LEVELS) expect(en.level[l]).toMatch(/warning$/)
  })
  it('maps milestone states to tags and steps', () => {
    expect(['done', 'late', 'overdue', 'due', 'pending'].map(milestoneTag)).toEqual(['success', 'warning', 'danger', 'primary', 'info'])
    expect(['done', 'late', 'overdue', 'due', 'pending'].map(milestoneStep)).toEqual(['success', 'finish', 'error', 'process', 'wait'])
    expect(milestoneTag('unknown')).toBe('info')
    expect(milestoneStep('unknown')).toBe('wait')
  })
  it('makes the first milestone not reached the active step', () => {
    expect(activeStep(['done', 'late', 'overdue', 'pending'])).toBe(2)
    expect(activeStep(['done', 'done'])).toBe(2)
    expect(activeStep(['pending'])).toBe(0)
    expect(activeStep([])).toBe(0)
  })
  it('tags bulletin and data statuses', () => {
    expect(statusTag('issued')).toBe('success')
    expect(statusTag('draft')).toBe('warning')
    expect(statusTag('pending')).toBe('warning')
    expect(statusTag(null)).toBe('info')
  })
})

describe('city table', () => {
  it('sorts cities by exact growth, without growth last in the given order', () => {
    const rows = [city('A', '2.5'), city('B', null), city('C', '-1.0'), city('D', '10.0'), city('E', '2.50'), city('F', null)]
    expect(byGrowth(rows).map((r) => r.city)).toEqual(['D', 'A', 'E', 'C', 'B', 'F'])
  })
  it('charts growth by city with the 全区 line, the own city highlighted', () => {
    const o = growthChart([city('南宁市', '3.1'), city('柳州市', '-2.0', true), city('桂林市', null)], city('全区', '1.2'), { growth: '增长', total: '全区' })
    expect(o.xAxis.data).toEqual(['南宁市', '柳州市'])
    expect(o.series).toHaveLength(2)
    const bars = o.series[0].data as { value: number; label: { formatter: string }; itemStyle: { color: string } }[]
    expect(bars.map((b) => b.value)).toEqual([3.1, -2])
    expect(bars[1].label.formatter).toBe('-2.0')
    expect(bars[1].itemStyle.color).not.toBe(bars[0].itemStyle.color)
    expect(o.series[1]).toMatchObject({ type: 'line', name: '全区 1.2%', data: [1.2, 1.2] })
    expect(growthChart([city('南宁市', '3.1')], null, { growth: 'g', total: 't' }).series).toHaveLength(1)
  })
  it('notes the published figures only for a city user before the 通报', () => {
    expect(showPublishedNote('city_official', { published: false })).toBe(true)
    expect(showPublishedNote('city_official', { published: true })).toBe(false)
    expect(showPublishedNote('province_admin', { published: false })).toBe(false)
    expect(showPublishedNote('city_official', undefined)).toBe(false)
  })
  it('knows the 14 cities and who sees them all', () => {
    expect(CITIES).toHaveLength(14)
    expect(seesAllCities({ role: 'province_admin' })).toBe(true)
    expect(seesAllCities({ role: 'auditor' })).toBe(true)
    expect(seesAllCities({ role: 'city_official', scope: 'city' })).toBe(false)
    expect(seesAllCities(null)).toBe(false)
  })
})

describe('warnings and times', () => {
  it('reads the warning in the user language', () => {
    const w = { message_zh: '累计增长 -12.3%，低于 -10%', message_en: 'Cumulative growth -12.3%, below -10%' }
    expect(warningText(w, 'zh-CN')).toBe(w.message_zh)
    expect(warningText(w, 'en')).toBe(w.message_en)
    expect(warningText({ message_zh: '只有中文' }, 'en')).toBe('只有中文')
    expect(figureList({ growth_pct: '-12.3', months: [1, 2], none: null })).toEqual([
      { key: 'growth_pct', value: '-12.3' },
      { key: 'months', value: '[1,2]' },
      { key: 'none', value: '—' },
    ])
  })
  it('prints Beijing time', () => {
    expect(bjTime(1688169600)).toBe('2023年7月1日 08:00')
    expect(bjTime('1688169600', 'en')).toBe('2023-07-01 08:00')
    expect(bjTime(null)).toBe('—')
  })
})

describe('messages', () => {
  const keys = (o: object, prefix = ''): string[] =>
    Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]))
  it('have the same keys in Chinese and English', () => {
    expect(keys(en).sort()).toEqual(keys(zh).sort())
  })
  it('use the same placeholders in both languages, and no message syntax characters', () => {
    const value = (o: object, k: string) => k.split('.').reduce((x: Record<string, unknown>, p) => x[p] as Record<string, unknown>, o as Record<string, unknown>) as unknown as string
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
    for (const k of keys(zh)) {
      expect(names(value(en, k)), k).toEqual(names(value(zh, k)))
      expect(value(zh, k), k).not.toMatch(/[|@]/)
      expect(value(en, k), k).not.toMatch(/[|@]/)
    }
  })
})

describe('data tables', () => {
  const v = (version: number, status: string, rows = 10) => ({ version, status, rows, uploaded_at: 1, uploaded_by: 'gxt_admin', verified_at: status === 'verified' ? 2 : null })
  it('shows the latest upload, pending or not, and the version still in force', () => {
    const s = tableState({ table: 'projects', status: 'verified', versions: [v(1, 'verified', 560), v(2, 'pending', 561)] })
    expect(s.latest?.version).toBe(2)
    expect(s.pending).toBe(true)
    expect(s.inForce?.version).toBe(1)
    const only = tableState({ table: 'projects', status: 'verified', versions: [v(1, 'verified')] })
    expect(only.pending).toBe(false)
    expect(only.inForce).toBeNull()
  })
  it('reads the flat fields of the contract and a table never uploaded', () => {
    expect(tableState({ table: 'x', status: 'pending', rows: 3, uploaded_at: 5, uploaded_by: 'a', verified_at: null })).toMatchObject({ pending: true, latest: { rows: 3 }, inForce: null })
    expect(tableState({ table: 'x', status: null })).toEqual({ latest: null, pending: false, inForce: null })
  })
})

describe('城市核定 (awaitingCities, cityMayCheck)', () => {
  const pending = { status: 'pending', rows: 2, uploaded_at: 1, uploaded_by: 'gxt_admin', verified_at: null, cities: ['南宁市', '柳州市'], checks: [{ city: '南宁市', approved: true, reason: '' }] }
  it('lists the cities yet to confirm, only for a pending upload', () => {
    expect(awaitingCities(pending)).toEqual(['柳州市'])
    expect(awaitingCities({ ...pending, status: 'verified' })).toEqual([])
    expect(awaitingCities(null)).toEqual([])
  })
  it('asks a city with rows that has not checked', () => {
    expect(cityMayCheck(pending, '柳州市')).toBe(true)
    expect(cityMayCheck(pending, '南宁市')).toBe(false)
    expect(cityMayCheck(pending, '桂林市')).toBe(false)
    expect(cityMayCheck({ ...pending, status: 'rejected' }, '柳州市')).toBe(false)
  })
})
