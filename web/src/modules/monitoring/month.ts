// The reporting month of a page: ?month= in the URL (a reload or a shared link shows the same month),
// else the latest month with data (GET /api/monitoring/months).
import { computed } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import { qs, useLoad } from '@/core/useLoad'
import { monitoring } from './api'

export function useMonth() {
  const route = useRoute()
  const router = useRouter()
  const months = useLoad(() => monitoring.months())
  const list = computed(() => [...(months.data.value?.months ?? [])].sort().reverse())
  const month = computed(() => qs(route.query.month) || months.data.value?.latest || list.value[0] || '')
  function setMonth(m: string) {
    // Another month's paging does not apply.
    const { page: _page, ...rest } = route.query
    void _page
    router.replace({ query: { ...rest, month: m } })
  }
  return { months, list, month, setMonth }
}
