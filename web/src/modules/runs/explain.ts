import { api, ok } from '@/api/client'
import type { Explanation } from '@/api/models'

/**
 * An enterprise's explanation in a run. For an enterprise without rows in the run the server answers
 * `{in_run: false, note, trace}` (why it is in no clause, from the run's data) instead of an error.
 */
export async function explainIfListed(runId: number, uscc: string): Promise<Explanation> {
  return ok<Explanation>(api.GET('/api/runs/{id}/explain/{uscc}', { params: { path: { id: String(runId), uscc } } }))
}

/** The enterprise has no row in the run: the explanation is the server's note and trace. */
export function notInRun(e: Explanation | null | undefined): e is Explanation & { in_run: false } {
  return !!e && e.in_run === false
}
