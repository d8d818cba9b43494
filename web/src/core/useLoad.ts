import { ref, shallowRef, watch, type Ref, type WatchSource } from 'vue'

/**
 * Runs `load` now and whenever a source changes; exposes data, loading and error for <PageState>.
 * A newer load supersedes an older one still in flight (its answer is dropped).
 */
export function useLoad<T>(load: () => Promise<T>, sources: WatchSource[] = []) {
  const data = shallowRef<T | undefined>() as Ref<T | undefined>
  const loading = ref(false)
  const error = shallowRef<unknown>()
  let seq = 0
  async function reload() {
    const mine = ++seq
    loading.value = true
    error.value = undefined
    try {
      const v = await load()
      if (mine === seq) data.value = v
    } catch (e) {
      if (mine === seq) error.value = e
    } finally {
      if (mine === seq) loading.value = false
    }
  }
  watch(sources, reload, { immediate: true })
  return { data, loading, error, reload }
}

/** The query string value as a string ('' when absent). */
export function qs(v: unknown): string {
  return typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : ''
}

/** A positive integer from the query string (page, page_size), or the default. */
export function qn(v: unknown, fallback: number): number {
  const n = Number(qs(v))
  return Number.isSafeInteger(n) && n > 0 ? n : fallback
}
