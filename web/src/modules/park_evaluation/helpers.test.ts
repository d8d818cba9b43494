import { describe, expect, it } from 'vitest'
import {
  CITY_CENTRES,
  bjTime,
  bubbleSize,
  byName,
  cityCentre,
  compareDecimal,
  directionKey,
  escapeHtml,
  gradeColor,
  gradeDelta,
  gradeTag,
  gradesOf,
  indicatorName,
  isDecimal,
  lineText,
  nextSteps,
  statusTag,
  placeParks,
  sameDecimal,
  shown,
  signed,
  sortGrades,
  splitProblems,
  stacked,
  sumDecimals,
  total,
  weightProblems,
  whatIfDelta,
} from './helpers'
import zh from './messages.zh'
import en from './messages.en'

describe('grades', () => {
  it('sorts letters with the exempt grade last, or in the scheme order', () => {
    expect(sortGrades(['T', 'C', 'A', 'D', 'B'])).toEqual(['A', 'B', 'C', 'D', 'T'])
    expect(sortGrades(['B', 'A', 'T', 'A'])).toEqual(['A', 'B', 'T'])
    expect(sortGrades(['优', '良', 'T', '差'], ['优', '良', '差'])).toEqual(['优', '良', '差', 'T'])
    expect(gradesOf([{ A: 1, T: 2 }, { D: 3 }, undefined])).toEqual(['A', 'D', 'T'])
    expect(gradesOf([{ T: 1 }], ['A', 'B'])).toEqual(['A', 'B', 'T'])
    expect(gradesOf([{ '': 40 }])).toEqual([]) // an ungraded scheme
  })
  it('colours and tags each grade, unknown ones too', () => {
    expect(gradeColor('A')).not.toBe(gradeColor('D'))
    expect(gradeColor('X')).toMatch(/^#[0-9a-f]{6}$/)
    expect(gradeColor('X')).toBe(gradeColor('X'))
    expect(gradeTag('A')).toBe('success')
    expect(gradeTag('D')).toBe('danger')
    expect(gradeTag('T')).toBe('info')
  })
  it('totals counts and builds one stacked series per grade', () => {
    expect(total({ A: 2, B: 5, T: 1 })).toBe(8)
    expect(total(undefined)).toBe(0)
    const s = stacked([{ label: '南宁市', grades: { A: 2, B: 1 } }, { label: '柳州市', grades: { D: 4 } }], ['A', 'B', 'D'])
    expect(s.categories).toEqual(['南宁市', '柳州市'])
    expect(s.series.map((x) => [x.name, x.stack, x.data])).toEqual([
      ['A', 'grades', [2, 0]],
      ['B', 'grades', [1, 0]],
      ['D', 'grades', [0, 4]],
    ])
  })
  it('compares the what-if counts with the evaluation', () => {
    expect(gradeDelta({ A: 10, B: 30, T: 2 }, { A: 12, B: 28, C: 1, T: 2 }, ['A', 'B', 'C', 'D'])).toEqual([
      { grade: 'A', before: 10, after: 12, diff: 2 },
      { grade: 'B', before: 30, after: 28, diff: -2 },
      { grade: 'C', before: 0, after: 1, diff: 1 },
      { grade: 'D', before: 0, after: 0, diff: 0 },
      { grade: 'T', before: 2, after: 2, diff: 0 },
    ])
    expect([signed(2), signed(-2), signed(0)]).toEqual(['+2', '-2', '0'])
    // The what-if grades the rated rows only: the exempt are not compared.
    expect(whatIfDelta({ A: 10, B: 30, T: 2 }, { A: 12, B: 28 }, ['A', 'B'])).toEqual([
      { grade: 'A', before: 10, after: 12, diff: 2 },
      { grade: 'B', before: 30, after: 28, diff: -2 },
    ])
  })
})

describe('the lifecycle', () => {
  it('offers the next step and withdrawal, with a reason once publicized', () => {
    expect(nextSteps('draft').map((s) => [s.to, s.reason])).toEqual([['reviewed', false], ['withdrawn', false]])
    expect(nextSteps('approved').map((s) => s.to)).toEqual(['publicized', 'withdrawn'])
    expect(nextSteps('publicized').map((s) => [s.to, s.reason])).toEqual([['effective', false], ['withdrawn', true]])
    expect(nextSteps('effective')).toEqual([])
    expect(nextSteps('withdrawn')).toEqual([])
    expect(nextSteps(undefined)).toEqual([])
    expect([statusTag('publicized'), statusTag('effective'), statusTag('x')]).toEqual(['warning', 'success', 'info'])
  })
})

describe('texts', () => {
  it('picks the line in the user language, falling back to Chinese', () => {
    const l = { zh: '亩均税收 12.30 万元/亩', en: 'tax per mu 12.30' }
    expect(lineText(l, 'zh-CN')).toBe(l.zh)
    expect(lineText(l, 'en')).toBe(l.en)
    expect(lineText({ zh: '只有中文', en: '' }, 'en')).toBe('只有中文')
    expect(lineText(null, 'en')).toBe('')
    expect(lineText('plain', 'en')).toBe('plain')
  })
  it('shows the server strings as they are (no float formatting)', () => {
    expect(shown('80.20')).toBe('80.20')
    expect(shown('-0.50')).toBe('-0.50')
    expect(shown(null)).toBe('—')
    expect(shown('')).toBe('—')
    expect(shown(3)).toBe('3')
  })
  it('names who evaluated and when (Beijing time)', () => {
    expect(byName('gxt_admin')).toBe('gxt_admin')
    expect(byName({ display_name: '工信厅管理员', name: 'x' })).toBe('工信厅管理员')
    expect(byName(null)).toBe('—')
    expect(byName(5)).toBe('#5')
    expect(bjTime(1700000000)).toBe('2023年11月15日 06:13')
    expect(bjTime(1700000000, 'en')).toBe('2023-11-15 06:13')
    expect(bjTime('2023-11-14T22:13:20Z')).toBe('2023年11月15日 06:13')
    expect(bjTime(null)).toBe('—')
  })
  it('escapes names for chart tooltips and reads directions', () => {
    expect(escapeHtml('<b>"A&B"</b>')).toBe('&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;')
    expect([directionKey(1), directionKey('-1'), directionKey('+1%'), directionKey('-1%'), directionKey('up'), directionKey('decrease'), directionKey('?')]).toEqual(['up', 'down', 'up', 'down', 'up', 'down', null])
    const i = { id: 'tax_per_mu', name: '亩均税收', name_en: 'tax per mu' }
    expect([indicatorName(i, 'zh-CN'), indicatorName(i, 'en'), indicatorName({ id: 'x', name: '只有中文' }, 'en'), indicatorName(undefined, 'en', 'x')]).toEqual(['亩均税收', 'tax per mu', '只有中文', 'x'])
  })
})

describe('the park map', () => {
  it('knows the 14 cities, with or without 市', () => {
    expect(Object.keys(CITY_CENTRES)).toHaveLength(14)
    for (const [lon, lat] of Object.values(CITY_CENTRES)) {
      expect(lon).toBeGreaterThan(104.4)
      expect(lon).toBeLessThan(112.1)
      expect(lat).toBeGreaterThan(20.9)
      expect(lat).toBeLessThan(26.4)
    }
    expect(cityCentre('南宁')).toEqual([108.37, 22.82])
    expect(cityCentre('南宁市')).toEqual([108.37, 22.82])
    expect(cityCentre('杭州市')).toBeNull()
    expect(cityCentre('')).toBeNull()
  })
  it('places the first park of a city at its centre and spreads the others around it, stably', () => {
    const ps = [
      { park_id: 'P2', city: '柳州市' },
      { park_id: 'P1', city: '柳州市' },
      { park_id: 'P3', city: '柳州' },
      { park_id: 'X', city: '外省' },
    ]
    const placed = placeParks(ps)
    expect(placed).toHaveLength(3)
    const at = Object.fromEntries(placed.map((x) => [x.park.park_id, [x.lon, x.lat]]))
    expect(at.P1).toEqual([109.42, 24.33])
    expect(at.P2).not.toEqual(at.P1)
    expect(at.P3).not.toEqual(at.P2)
    for (const id of ['P2', 'P3']) {
      expect(Math.hypot(at[id][0] - 109.42, at[id][1] - 24.33)).toBeLessThan(0.25)
    }
    expect(placeParks([...ps].reverse())).toEqual(expect.arrayContaining(placed))
  })
  it('sizes bubbles by the square root of the area', () => {
    expect(bubbleSize('1000.00', 1000)).toBe(56)
    expect(bubbleSize('250.00', 1000)).toBe(33)
    expect(bubbleSize('0', 1000)).toBe(10)
    expect(bubbleSize(null, 1000)).toBe(10)
    expect(bubbleSize('5', 0)).toBe(10)
  })
})

describe('exact decimals of the what-if form', () => {
  it('recognises, compares and adds decimal strings exactly', () => {
    expect(['30', '12.5', '0', '0.01'].every(isDecimal)).toBe(true)
    expect(['', '-1', '1e2', '3.', '.5', 'abc'].some(isDecimal)).toBe(false)
    expect(compareDecimal('0.1', '0.10')).toBe(0)
    expect(compareDecimal('95', '100')).toBe(-1)
    expect(compareDecimal('100.01', '100')).toBe(1)
    expect(sumDecimals(['30', '20', '20', '15', '15'])).toBe('100')
    expect(sumDecimals(['0.1', '0.2'])).toBe('0.3') // not 0.30000000000000004
    expect(sumDecimals(['33.33', '33.33', '33.34'])).toBe('100.00')
    expect(sumDecimals(['0.05'])).toBe('0.05')
    expect(sumDecimals([])).toBe('0')
    expect(sameDecimal('30', '30.0')).toBe(true)
    expect(sameDecimal(30, '31')).toBe(false)
  })
  it('checks the weights', () => {
    expect(weightProblems({ a: '30', b: '70' })).toEqual([])
    expect(weightProblems({ a: '-5', b: '70' }, { a: '亩均税收' })).toEqual([{ key: 'parks.whatIf.badWeight', params: { name: '亩均税收' } }])
    expect(weightProblems({ a: '0', b: '0.0' })).toEqual([{ key: 'parks.whatIf.allZero' }])
  })
  it('checks the cumulative grade splits', () => {
    const ok = [{ grade: 'A', percent: '20' }, { grade: 'B', percent: '70' }, { grade: 'C', percent: '95' }, { grade: 'D', percent: '100' }]
    expect(splitProblems(ok)).toEqual([])
    expect(splitProblems([{ grade: 'A', percent: '20' }, { grade: 'B', percent: '20' }, { grade: 'D', percent: '100' }])).toEqual([{ key: 'parks.whatIf.notRising', params: { grade: 'B' } }])
    expect(splitProblems([{ grade: 'A', percent: '20' }, { grade: 'D', percent: '99' }])).toEqual([{ key: 'parks.whatIf.lastNot100' }])
    expect(splitProblems([{ grade: 'A', percent: 'x' }])).toEqual([{ key: 'parks.whatIf.badPercent', params: { grade: 'A' } }])
    expect(splitProblems([{ grade: 'A', percent: '120' }])).toEqual([{ key: 'parks.whatIf.badPercent', params: { grade: 'A' } }])
    expect(splitProblems([{ grade: 'A', percent: '0' }, { grade: 'D', percent: '100' }])).toEqual([{ key: 'parks.whatIf.notRising', params: { grade: 'A' } }])
    // Whole percents only (the server takes integers).
    expect(splitProblems([{ grade: 'A', percent: '20.5' }, { grade: 'D', percent: '100' }])).toEqual([{ key: 'parks.whatIf.badPercent', params: { grade: 'A' } }])
  })
})

describe('messages', () => {
  const keys = (o: object, prefix = ''): string[] =>
    Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]))
  it('have the same keys in Chinese and English', () => {
    expect(keys(en).sort()).toEqual(keys(zh).sort())
  })
  it('name the same placeholders in both languages', () => {
    const flat = (o: object) => Object.fromEntries(keys(o).map((k) => [k, k.split('.').reduce((x: Record<string, unknown>, p) => x[p] as Record<string, unknown>, o as Record<string, unknown>) as unknown as string]))
    const z = flat(zh)
    const e = flat(en)
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
    for (const k of Object.keys(z)) expect(names(e[k]), k).toEqual(names(z[k]))
  })
})
