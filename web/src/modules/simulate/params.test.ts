import { describe, expect, it } from 'vitest'
import type { PolicyParameter } from '@/api/models'
import { changedSet, formatPercent, Latest, parsePercent, range, toSetting, valuesFrom } from './params'

const growth: PolicyParameter = { key: 'clause2.growth_min', clause: '2', label: '增速门槛', kind: 'percent', value: '10%', min: '0%', max: '50%', step: '0.5%' }
const cap: PolicyParameter = { key: 'clause1.cap_year', clause: '1', label: '每家每年上限', kind: 'yuan', value: '1000000', min: '0', max: '5000000', step: '50000' }
const on: PolicyParameter = { key: 'clause3.enabled', clause: '3', label: '启用', kind: 'bool', value: 'true' }

describe('simulation parameters', () => {
  it('parses and formats percentages without float noise', () => {
    expect(parsePercent('12.5%')).toBe(12.5)
    expect(parsePercent('abc')).toBeNaN()
    expect(formatPercent(0.1 + 0.2)).toBe('0.3%')
    expect(formatPercent(12)).toBe('12%')
  })
  it('takes the slider range from the server, with defaults', () => {
    expect(range(growth)).toEqual({ min: 0, max: 50, step: 0.5 })
    expect(range(cap)).toEqual({ min: 0, max: 5000000, step: 50000 })
    expect(range({ ...growth, min: undefined, max: undefined, step: undefined })).toEqual({ min: 0, max: 20, step: 0.5 })
  })
  it('sends only the settings that differ from the policy as filed', () => {
    const params = [growth, cap, on]
    const v = valuesFrom(params)
    expect(changedSet(params, v)).toEqual({})
    v['clause2.growth_min'] = 12.5
    v['clause3.enabled'] = false
    v['clause1.cap_year'] = 1000000.4
    expect(changedSet(params, v)).toEqual({ 'clause2.growth_min': '12.5%', 'clause3.enabled': 'false' })
    expect(toSetting(cap, 2_000_000)).toBe('2000000')
    expect(valuesFrom(params, { 'clause2.growth_min': '15%', nope: '1' })['clause2.growth_min']).toBe(15)
  })
  it('lets only the newest request be shown, aborting the older one', () => {
    const l = new Latest()
    const a = l.start()
    const b = l.start()
    expect(a.signal.aborted).toBe(true)
    expect(l.current(a.seq)).toBe(false)
    expect(l.current(b.seq)).toBe(true)
    l.cancel()
    expect(b.signal.aborted).toBe(true)
    expect(l.current(b.seq)).toBe(false)
  })
})
