import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError, setCsrfToken } from '@/api/client'
import { defectsOf, monitoring, query } from './api'

type Call = { url: string; method: string; headers: Headers; body: unknown }
function stub(status: number, body: unknown) {
  const calls: Call[] = []
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    const raw = init.body
    calls.push({ url, method: init.method ?? 'GET', headers: new Headers(init.headers), body: typeof raw === 'string' ? JSON.parse(raw) : raw })
    return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
  })
  return calls
}
afterEach(() => vi.unstubAllGlobals())

describe('monitoring API', () => {
  it('builds query strings without empty filters', () => {
    expect(query({ month: '2023-06', city: '', q: undefined, page: 1 })).toBe('?month=2023-06&page=1')
  })
  it('reads the city table of a month and the city enterprises with the city in the path', async () => {
    const calls = stub(200, { month: '2023-06', rows: [], total: null, published: false })
    await monitoring.cities('2023-06')
    await monitoring.enterprises('南宁市', { month: '2023-06', page: 2, page_size: 20 })
    expect(calls[0].url).toBe('/api/monitoring/cities?month=2023-06')
    expect(calls[1].url).toBe('/api/monitoring/cities/%E5%8D%97%E5%AE%81%E5%B8%82/enterprises?month=2023-06&page=2&page_size=20')
    expect(calls[0].method).toBe('GET')
  })
  it('posts the scan, the bulletin and its issue with the CSRF token', async () => {
    setCsrfToken('tok')
    const calls = stub(200, { warnings: 3, cases_opened: 1 })
    expect(await monitoring.scan('2023-06')).toEqual({ warnings: 3, cases_opened: 1 })
    await monitoring.prepare('2023-06')
    await monitoring.issue('2023-06')
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'POST /api/monitoring/warnings/scan',
      'POST /api/monitoring/bulletins',
      'POST /api/monitoring/bulletins/2023-06/issue',
    ])
    expect(calls[0].body).toEqual({ month: '2023-06' })
    expect(calls[1].body).toEqual({ month: '2023-06' })
    expect(calls[0].headers.get('X-CSRF-Token')).toBe('tok')
    expect(monitoring.fileUrl('2023-06', 'docx')).toBe('/api/monitoring/bulletins/2023-06/docx')
  })
  it('turns a refusal into an ApiError with the server message', async () => {
    stub(400, { error: { code: 'bad_request', message: '1月不单独报告', message_zh: '1月不单独报告', message_en: 'January is not reported alone' } })
    const e = await monitoring.cities('2023-01').catch((x) => x)
    expect(e).toBeInstanceOf(ApiError)
    expect(e.status).toBe(400)
    expect(e.message).toBe('1月不单独报告')
  })
  it('PUTs a table as the file body and returns the defects of a 422', async () => {
    setCsrfToken('tok')
    let calls = stub(200, { table: 'projects', rows: 12, status: 'pending' })
    const file = new File(['project_id,name\n'], 'projects.csv', { type: 'text/csv' })
    expect(await monitoring.upload('projects', file)).toEqual({ accepted: true, table: 'projects', rows: 12, status: 'pending' })
    expect(calls[0].method).toBe('PUT')
    expect(calls[0].url).toBe('/api/monitoring/data/projects?name=projects.csv')
    expect(calls[0].headers.get('Content-Type')).toBe('text/csv; charset=utf-8')
    expect(calls[0].body).toBe(file)
    const defects = [{ file: 'projects.csv', line: 3, field: 'city', message_zh: '不是设区市' }]
    // The server's 422: the upload report at the top level (docs/monitoring.md: the shape of /api/uploads).
    calls = stub(422, { table: 'projects', accepted: false, status: 'refused', rows: 0, defects_total: 250, defects })
    const r = await monitoring.upload('projects', new File(['x'], 'p.xlsx'))
    expect(r).toMatchObject({ accepted: false, defects, total: 250 })
    expect(calls[0].headers.get('Content-Type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    stub(403, { error: { code: 'forbidden', message: '无权限' } })
    await expect(monitoring.upload('projects', file)).rejects.toBeInstanceOf(ApiError)
  })
  it('finds defects at the top level or inside the error', () => {
    expect(defectsOf({ defects: [{ line: 1 }] })).toEqual([{ line: 1 }])
    expect(defectsOf({ error: { defects: [{ line: 2 }] } })).toEqual([{ line: 2 }])
    expect(defectsOf(undefined)).toEqual([])
  })
})
