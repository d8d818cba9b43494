import { describe, expect, it } from 'vitest'
import { i18n } from '@/i18n'
import { toApiError } from './client'

// The server sends every error in both languages; the page shows the one the user chose.
describe('toApiError', () => {
  const body = {
    error: { code: 'conflict', message: '公示期未满', message_zh: '公示期未满', message_en: 'the notice period has not ended', request_id: 'r1' },
  }
  it('shows the message in the chosen language', () => {
    i18n.global.locale.value = 'en'
    expect(toApiError(409, body).message).toBe('the notice period has not ended')
    i18n.global.locale.value = 'zh-CN'
    expect(toApiError(409, body).message).toBe('公示期未满')
    expect(toApiError(409, body).code).toBe('conflict')
  })
  it('falls back to the plain message, then to the status', () => {
    expect(toApiError(400, { error: { code: 'bad_request', message: '错误' } }).message).toBe('错误')
    expect(toApiError(502, undefined).message).toBe('HTTP 502')
  })
})
