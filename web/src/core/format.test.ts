import { describe, expect, it } from 'vitest'
import { cnDate, cnDateTime, cnPeriod, exactYuan, growth, sharePercent, toFen, wanYuan } from './format'

describe('money', () => {
  it('parses integer yuan and decimal strings into fen exactly', () => {
    expect(toFen(203990046)).toBe(20399004600n)
    expect(toFen('1297963.43')).toBe(129796343n)
    expect(toFen('0.1')).toBe(10n)
    expect(toFen('-0.07')).toBe(-7n)
    expect(toFen('1,234.50')).toBe(123450n)
    expect(toFen('1.234')).toBeNull()
    expect(toFen('abc')).toBeNull()
    expect(toFen(null)).toBeNull()
    expect(toFen(0.1)).toBeNull() // a float is not an amount
  })
  it('shows 万元 with thousands separators, rounded half away from zero', () => {
    expect(wanYuan(203990046)).toBe('20,399.00')
    expect(wanYuan(1000000)).toBe('100.00')
    expect(wanYuan(149)).toBe('0.01')
    expect(wanYuan(50)).toBe('0.01')
    expect(wanYuan(49)).toBe('0.00')
    expect(wanYuan(-150)).toBe('-0.02')
    expect(wanYuan('123456789012.34')).toBe('12,345,678.90')
    expect(wanYuan(0)).toBe('0.00')
    expect(wanYuan(null)).toBe('—')
  })
  it('keeps the exact yuan for the hover text', () => {
    expect(exactYuan(203990046)).toBe('203,990,046 元')
    expect(exactYuan('1297963.43')).toBe('1,297,963.43 元')
    expect(exactYuan('1297963.40')).toBe('1,297,963.40 元')
    expect(exactYuan('5.00')).toBe('5 元')
    expect(exactYuan(-1234)).toBe('-1,234 元')
    // beyond 2^53: still exact
    expect(exactYuan('90071992547409931.99')).toBe('90,071,992,547,409,931.99 元')
  })
})

describe('dates', () => {
  it('writes dates the Chinese way', () => {
    expect(cnDate('2023-03-31')).toBe('2023年3月31日')
    expect(cnDate('2023-01')).toBe('2023年1月')
    expect(cnDate(new Date(2023, 11, 5))).toBe('2023年12月5日')
    expect(cnDate('')).toBe('—')
  })
  it('reads epoch seconds as local time', () => {
    const t = new Date(2023, 2, 31, 9, 7).getTime() / 1000
    expect(cnDate(t)).toBe('2023年3月31日')
    expect(cnDateTime(t)).toBe('2023年3月31日 09:07')
  })
  it('writes periods', () => {
    expect(cnPeriod('2023-01/2023-02')).toBe('2023年1—2月')
    expect(cnPeriod('2023-03/2023-03')).toBe('2023年3月')
    expect(cnPeriod('2023-11/2024-02')).toBe('2023年11月—2024年2月')
  })
})

describe('growth', () => {
  it('is exact, signed and rounded half away from zero', () => {
    expect(growth('7053.95', '7444.48')).toBe('-5.25%')
    expect(growth(112, 100)).toBe('+12.00%')
    expect(growth(100, 100)).toBe('0.00%')
    expect(growth('100.00', '300.00')).toBe('-66.67%')
    expect(growth('200.00', '300.00')).toBe('-33.33%')
    expect(growth(1000125, 1000000)).toBe('+0.01%') // 0.0125% rounds up
    expect(growth(5, 0)).toBe('—')
    expect(growth(null, 5)).toBe('—')
  })
})

describe('share', () => {
  it('gives part ÷ whole with two decimals, exactly and half up', () => {
    expect(sharePercent(28200268, 203990046)).toBe('13.82%')
    expect(sharePercent(1, 3)).toBe('33.33%')
    expect(sharePercent(2, 3)).toBe('66.67%')
    expect(sharePercent(1, 8)).toBe('12.50%') // 12.5 exactly
    expect(sharePercent(1, 80000)).toBe('0.00%') // 0.00125% rounds down
    expect(sharePercent(1, 40000)).toBe('0.00%') // 0.0025%
    expect(sharePercent(1, 20000)).toBe('0.01%') // 0.005% half up
    expect(sharePercent(5, 5)).toBe('100.00%')
    expect(sharePercent(9007199254740993n, 9007199254740993n * 4n)).toBe('25.00%')
    expect(sharePercent(0, 0)).toBe('—')
    expect(sharePercent(null, 10)).toBe('—')
  })
})
