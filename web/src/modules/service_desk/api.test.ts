import { describe, expect, it } from 'vitest'
import { commissioner, enterprise, idList, kpiAnswer, notification, query } from './api'

describe('desk API wrappers', () => {
  it('build query strings without empty filters', () => {
    expect(query({ status: 'accepted', q: '', city: undefined, page: 1, duplicates: true })).toBe('?status=accepted&page=1&duplicates=true')
    expect(query({})).toBe('')
    expect(query({ q: '招工 难' })).toBe('?q=%E6%8B%9B%E5%B7%A5+%E9%9A%BE')
  })
  it('take the KPI total whether apart or among the rows', () => {
    const row = (key: string) => ({ key, cases: 1 }) as never
    expect(kpiAnswer({ rows: [row('labor')], total: row('total') })).toEqual({ rows: [row('labor')], total: row('total') })
    expect(kpiAnswer({ items: [row('labor'), row('total')] })).toEqual({ rows: [row('labor')], total: row('total') })
  })
  it('read the case IDs behind a figure in any of the plain shapes', () => {
    expect(idList({ ids: [3, 4] })).toEqual([3, 4])
    expect(idList({ items: [{ id: 5 }, 6] })).toEqual([5, 6])
    expect(idList([7])).toEqual([7])
  })
  it('name commissioners, coverage rows and notifications the same way whatever the server calls the fields', () => {
    expect(commissioner({ id: 5, display_name: '特派员甲', city: '南宁市', assigned: 12 })).toEqual({ id: 5, name: '特派员甲', username: undefined, city: '南宁市', load: 12 })
    expect(enterprise({ uscc: 'x', commissioner_name: '', open_cases: 0 }).commissioner_name).toBeNull()
    expect(enterprise({ uscc: 'x', commissioner: { display_name: '乙' } }).commissioner_name).toBe('乙')
    expect(notification({ id: 1, created_at: 100, read: 0 })).toMatchObject({ at: 100, read: false })
  })
})
