import { api, ok } from '@/api/client'
import type { Explanation, Page, RunRow } from '@/api/models'

/**
 * An enterprise's explanation in a run, or null when the run has no row for it (the explain route
 * answers 404 then; asking the rows first keeps that expected case out of the error path).
 */
export async function explainIfListed(runId: number, uscc: string): Promise<Explanation | null> {
  const id = String(runId)
  const rows = await ok<Page<RunRow>>(api.GET('/api/runs/{id}/rows', { params: { path: { id }, query: { uscc, page_size: 1 } } }))
  if (rows.total === 0) return null
  return ok<Explanation>(api.GET('/api/runs/{id}/explain/{uscc}', { params: { path: { id, uscc } } }))
}
