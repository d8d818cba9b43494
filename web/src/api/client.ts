// The one way pages talk to the server. Paths, path/query parameters and request bodies are typed by
// the generated `paths` (src/api/generated, from `zhenxing openapi`); a page that calls a route the
// server does not have, or sends the wrong body, fails vue-tsc. Response bodies are typed by
// src/api/models.ts until the document carries response schemas.
import createClient, { type Middleware } from 'openapi-fetch'
import type { paths } from './generated/schema'
import { i18n } from '../i18n'

export type ApiPath = keyof paths

/** An error answer of the API ({"error":{code,message,request_id}}) or a network failure. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId = '',
    readonly body: unknown = undefined,
  ) {
    super(message)
  }
  get notFound() {
    return this.status === 404
  }
}

let csrfToken = ''
export function setCsrfToken(token: string) {
  csrfToken = token
}
export function getCsrfToken() {
  return csrfToken
}

type Listener = (e: ApiError) => void
const unauthorizedListeners: Listener[] = []
/** Called on 401 from any request except login itself (the session ended: idle timeout, forced logout). */
export function onUnauthorized(l: Listener) {
  unauthorizedListeners.push(l)
}

const english = () => i18n.global.locale.value === 'en'

const csrf: Middleware = {
  onRequest({ request }) {
    if (request.method !== 'GET' && request.method !== 'HEAD' && csrfToken) request.headers.set('X-CSRF-Token', csrfToken)
    // The server's messages (refusals, validation) in the language the user chose.
    request.headers.set('Accept-Language', english() ? 'en' : 'zh-CN')
    return request
  },
}

export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' })
api.use(csrf)

export function toApiError(status: number, body: unknown): ApiError {
  type Err = { code?: string; message?: string; message_zh?: string; message_en?: string; request_id?: string }
  const e = (body as { error?: Err } | undefined)?.error
  // Both languages come with every error: show the user's, whatever the request's header said.
  const message = (english() ? e?.message_en : e?.message_zh) || e?.message || `HTTP ${status}`
  return new ApiError(status, e?.code ?? 'http_' + status, message, e?.request_id ?? '', body)
}

/**
 * Unwraps an openapi-fetch result: the body typed as T (src/api/models.ts) on success, an ApiError
 * thrown otherwise. Requests (paths, parameters, bodies) are checked against the generated schema;
 * responses are not yet, because the document marks nearly every row field optional and nullable
 * (`uscc?: string | null`) where the server always sends it.
 *   const run = await ok<Run>(api.GET('/api/runs/{id}', { params: { path: { id } } }))
 */
export async function ok<T>(call: Promise<{ data?: unknown; error?: unknown; response: Response }>): Promise<T> {
  let r
  try {
    r = await call
  } catch (err) {
    throw new ApiError(0, 'network', '无法连接服务器 / cannot reach the server: ' + String(err))
  }
  if (!r.response.ok) {
    const e = toApiError(r.response.status, r.error)
    if (e.status === 401 && !r.response.url.endsWith('/api/auth/login')) unauthorizedListeners.forEach((l) => l(e))
    throw e
  }
  return r.data as T
}

/** A typed API path with its parameters substituted, for downloads and uploads (fetch/XHR outside openapi-fetch). */
export function apiUrl<P extends ApiPath>(path: P, params: Record<string, string> = {}, query: Record<string, string> = {}) {
  let url: string = path
  for (const [k, v] of Object.entries(params)) url = url.replace(`{${k}}`, encodeURIComponent(v))
  const q = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== ''))
  return q.size ? `${url}?${q}` : url
}

/** Downloads a GET endpoint's file under a Chinese name chosen by the page (the server names files in ASCII). */
export async function download<P extends ApiPath>(path: P, params: Record<string, string>, query: Record<string, string>, filename: string) {
  return downloadUrl(apiUrl(path, params, query), filename)
}

/** Downloads the file at `url` (path and query) under `filename`; a refusal becomes an ApiError in the user's language. */
export async function downloadUrl(url: string, filename: string) {
  const res = await fetch(url, { credentials: 'same-origin', headers: { 'Accept-Language': english() ? 'en' : 'zh-CN' } })
  if (!res.ok) {
    let body: unknown
    try {
      body = await res.json()
    } catch {
      body = undefined
    }
    throw toApiError(res.status, body)
  }
  const blob = await res.blob()
  const a = document.createElement('a')
  a.href = URL.createObjectURL(blob)
  a.download = filename
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000)
}

/** Uploads a file with progress (XHR: fetch has no upload progress). Resolves with status and JSON body. */
export function upload<P extends ApiPath>(
  path: P,
  params: Record<string, string>,
  query: Record<string, string>,
  file: File,
  onProgress: (percent: number) => void,
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', apiUrl(path, params, query))
    xhr.setRequestHeader('X-CSRF-Token', csrfToken)
    const isXlsx = /\.xlsx$/i.test(file.name)
    xhr.setRequestHeader(
      'Content-Type',
      isXlsx ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8',
    )
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded / e.total) * 100))
    xhr.onload = () => {
      let body: unknown
      try {
        body = JSON.parse(xhr.responseText)
      } catch {
        body = undefined
      }
      resolve({ status: xhr.status, body })
    }
    xhr.onerror = () => reject(new ApiError(0, 'network', '上传失败：无法连接服务器 / upload failed'))
    xhr.send(file)
  })
}
