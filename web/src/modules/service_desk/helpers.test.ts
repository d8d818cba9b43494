import { describe, expect, it } from 'vitest'
import {
  IdempotencyKey,
  attachmentProblem,
  bjDate,
  bjDateTime,
  bytesToBase64,
  duration,
  eventBy,
  previousMonth,
  slaBarStatus,
  slaPercent,
  slaTagType,
} from './helpers'
import zh from './messages.zh'
import en from './messages.en'

describe('SLA bar', () => {
  it('is the used share of the budget in whole percent, rounded down and capped at 100', () => {
    expect(slaPercent(0, 604800)).toBe(0)
    expect(slaPercent(86400, 604800)).toBe(14) // 14.28…
    expect(slaPercent(604799, 604800)).toBe(99) // not 100 before the budget is spent
    expect(slaPercent(604800, 604800)).toBe(100)
    expect(slaPercent(900000, 604800)).toBe(100)
    expect(slaPercent(-5, 100)).toBe(0)
  })
  it('has no budget: 0 until time is used, then full', () => {
    expect(slaPercent(0, 0)).toBe(0)
    expect(slaPercent(10, 0)).toBe(100)
    expect(slaPercent(null, undefined)).toBe(0)
  })
  it('colours by state and the warning share', () => {
    expect(slaBarStatus('ok', 10)).toBe('')
    expect(slaBarStatus('ok', 80)).toBe('warning')
    expect(slaBarStatus('warning', 50)).toBe('warning')
    expect(slaBarStatus('breached', 100)).toBe('exception')
    expect(slaBarStatus('missed', 100)).toBe('exception')
    expect(slaBarStatus('met', 90)).toBe('success')
    expect(slaTagType('breached')).toBe('danger')
    expect(slaTagType('met')).toBe('success')
    expect(slaTagType('nonsense')).toBe('info')
  })
})

describe('Beijing time', () => {
  it('formats Unix seconds at UTC+8 whatever the machine zone', () => {
    // 2023-11-14T22:13:20Z is 2023-11-15 06:13 in Beijing (next day)
    expect(bjDateTime(1700000000)).toBe('2023年11月15日 06:13')
    expect(bjDateTime(1700000000, 'en')).toBe('2023-11-15 06:13')
    expect(bjDateTime(0)).toBe('1970年1月1日 08:00')
    expect(bjDateTime(null)).toBe('—')
  })
  it('gives Beijing dates, with day offsets', () => {
    // 2026-12-01T16:30Z is already 2 December in Beijing
    const ms = Date.UTC(2026, 11, 1, 16, 30)
    expect(bjDate(ms)).toBe('2026-12-02')
    expect(bjDate(ms, -30)).toBe('2026-11-02')
    expect(previousMonth('2026-01-15')).toBe('2025-12')
    expect(previousMonth('2026-12-02')).toBe('2026-11')
  })
  it('writes durations with two units at most', () => {
    expect(duration(59)).toBe('0 分')
    expect(duration(3600 + 300)).toBe('1 小时 5 分')
    expect(duration(2 * 86400 + 3 * 3600 + 60)).toBe('2 天 3 小时')
    expect(duration(3 * 3600, 'en')).toBe('3 h')
    expect(duration(null)).toBe('—')
  })
})

describe('idempotency key of a report form', () => {
  let n = 0
  const make = () => `key-${++n}-abcdefgh`
  it('is reused by a double click and by retries after network failures and 5xx', () => {
    const k = new IdempotencyKey(make)
    const first = k.current()
    expect(k.current()).toBe(first) // double click: the second send has the same key
    k.settle(0) // network failure
    expect(k.current()).toBe(first)
    k.settle(503)
    expect(k.current()).toBe(first)
    k.settle(409) // same key, different body: keep, the first case exists
    expect(k.current()).toBe(first)
  })
  it('is new after the case was made, after a refused body and after a reset', () => {
    const k = new IdempotencyKey(make)
    const a = k.current()
    k.settle(201)
    const b = k.current()
    expect(b).not.toBe(a)
    k.settle(422)
    const c = k.current()
    expect(c).not.toBe(b)
    k.reset()
    expect(k.pending).toBeNull()
    expect(k.current()).not.toBe(c)
  })
  it('uses crypto.randomUUID by default (8–128 visible ASCII characters)', () => {
    const key = new IdempotencyKey().current()
    expect(key).toMatch(/^[\x21-\x7e]{8,128}$/)
  })
})

describe('attachments', () => {
  it('encodes bytes as base64, also beyond one chunk', () => {
    expect(bytesToBase64(new TextEncoder().encode('%PDF-1.4'))).toBe('JVBERi0xLjQ=')
    const big = new Uint8Array(100_000).map((_, i) => i % 256)
    expect(Buffer.from(bytesToBase64(big), 'base64').equals(Buffer.from(big))).toBe(true)
  })
  it('refuses more than 5 files or one over 10 MiB', () => {
    const f = (name: string, size = 10) => ({ name, size })
    expect(attachmentProblem([f('a'), f('b')])).toBeNull()
    expect(attachmentProblem([f('1'), f('2'), f('3'), f('4'), f('5'), f('6')])).toEqual({ kind: 'count' })
    expect(attachmentProblem([f('big.pdf', 10 * 1024 * 1024 + 1)])).toEqual({ kind: 'size', name: 'big.pdf' })
  })
  it('names who took a step', () => {
    expect(eventBy('人社厅 经办人')).toBe('人社厅 经办人')
    expect(eventBy({ name: '人社厅 经办人', role: '部门经办人' })).toBe('人社厅 经办人（部门经办人）')
    expect(eventBy({ unit: '自治区人力资源社会保障厅' })).toBe('自治区人力资源社会保障厅')
    expect(eventBy(null)).toBe('')
  })
})

describe('messages', () => {
  it('have the same keys in Chinese and English', () => {
    const keys = (o: object, p = ''): string[] =>
      Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' ? keys(v, p + k + '.') : [p + k]))
    expect(keys(en).sort()).toEqual(keys(zh).sort())
  })
  it('contain no vue-i18n syntax characters that would be misread (| @ without intent)', () => {
    const values = (o: object): string[] => Object.values(o).flatMap((v) => (typeof v === 'object' ? values(v) : [v as string]))
    expect([...values(zh), ...values(en)].filter((v) => /[|@$]/.test(v))).toEqual([])
  })
})
