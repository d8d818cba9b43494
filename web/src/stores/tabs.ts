import { defineStore } from 'pinia'
import { ref } from 'vue'

export interface Tab {
  path: string
  name: string
  title: string
  /** Extra text after the title, e.g. a run's number. */
  suffix?: string
}

// The tabs of open pages (页签), kept across reloads for the session.
export const useTabs = defineStore('tabs', () => {
  const tabs = ref<Tab[]>(JSON.parse(sessionStorage.getItem('zx.tabs') ?? '[]'))
  const save = () => sessionStorage.setItem('zx.tabs', JSON.stringify(tabs.value))

  function open(t: Tab) {
    const i = tabs.value.findIndex((x) => x.path === t.path)
    if (i >= 0) tabs.value[i] = { ...tabs.value[i], ...t }
    else tabs.value.push(t)
    if (tabs.value.length > 12) tabs.value.splice(1, 1)
    save()
  }
  /** Returns the path to show after closing (the neighbour), or null if the closed tab was not active. */
  function close(path: string, active: string): string | null {
    const i = tabs.value.findIndex((x) => x.path === path)
    if (i < 0) return null
    tabs.value.splice(i, 1)
    save()
    if (path !== active) return null
    return (tabs.value[i] ?? tabs.value[i - 1])?.path ?? '/'
  }
  function closeOthers(path: string) {
    tabs.value = tabs.value.filter((x) => x.path === path)
    save()
  }
  function clear() {
    tabs.value = []
    save()
  }
  return { tabs, open, close, closeOthers, clear }
})
