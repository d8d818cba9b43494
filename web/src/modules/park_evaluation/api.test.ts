import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError, setCsrfToken } from '@/api/client'
import { parks, query } from './api'

type Call = { url: string; method: string; headers: Headers; body: unknown }
function stub(status: number, body: unknown) {
  const calls: Call[] = []
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    calls.push({ url, method: init.method ?? 'GET', headers: new Headers(init.headers), body: init.body ? JSON.parse(String(init.body)) : undefined })
    return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
  })
  return calls
}
afterEach(() => vi.unstubAllGlobals())

describe('park evaluation API', () => {
  it('builds query strings without empty filters', () => {
    expect(query({ city: '南宁市', park_id: '', grade: undefined, page: 2, page_size: 20 })).toBe('?city=%E5%8D%97%E5%AE%81%E5%B8%82&page=2&page_size=20')
    expect(query({})).toBe('')
  })
  it('calls the contract paths, escaping path segments and sending filters', async () => {
    const calls = stub(200, { items: [], total: 0 })
    await parks.enterprises(7, { grade: 'A', q: '', page: 1, page_size: 50 })
    await parks.enterprise(7, '91450100 X/1')
    await parks.evaluations()
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'GET /api/parks/evaluations/7/enterprises?grade=A&page=1&page_size=50',
      'GET /api/parks/evaluations/7/enterprises/91450100%20X%2F1',
      'GET /api/parks/evaluations',
    ])
    expect(calls[0].headers.get('X-CSRF-Token')).toBeNull()
  })
  it('posts runs and what-ifs as JSON with the CSRF token, the numbers as strings', async () => {
    setCsrfToken('tok')
    const calls = stub(201, { id: 3, rated: 10 })
    await parks.run('guangxi-default', 2023)
    await parks.whatIf(3, { weights: { tax_per_mu: '35' }, splits: [{ grade: 'A', percent: 25 }] })
    expect(calls[0]).toMatchObject({ url: '/api/parks/evaluations', method: 'POST', body: { scheme: 'guangxi-default', year: 2023 } })
    expect(calls[1]).toMatchObject({ url: '/api/parks/evaluations/3/what-if', body: { weights: { tax_per_mu: '35' }, splits: [{ grade: 'A', percent: 25 }] } })
    expect(calls[1].headers.get('X-CSRF-Token')).toBe('tok')
    expect(calls[1].headers.get('Content-Type')).toBe('application/json')
  })
  it('takes the schemes as a list or under items', async () => {
    stub(200, [{ id: 'a' }])
    expect((await parks.schemes()).map((s) => s.id)).toEqual(['a'])
    stub(200, { items: [{ id: 'b' }] })
    expect((await parks.schemes()).map((s) => s.id)).toEqual(['b'])
  })
  it('turns a refusal into an ApiError with the server message', async () => {
    stub(403, { error: { code: 'forbidden', message: '无权查看', message_zh: '无权查看', message_en: 'not yours' } })
    const e = await parks.enterprise(1, 'x').catch((x) => x)
    expect(e).toBeInstanceOf(ApiError)
    expect(e.status).toBe(403)
    expect(e.message).toBe('无权查看')
  })
})
