// Page text is written in Chinese in the templates ($tr('企业名录')); in English it is looked up in
// the glossary (src/i18n/glossary.ts, plus what modules add with addGlossary) and stays Chinese where
// no entry exists. Plain lookups, no message syntax: nothing in a page's text is interpreted.
import type { App } from 'vue'
import { i18n } from './index'
import glossary from './glossary'

const en: Record<string, string> = { ...glossary }

export function addGlossary(entries: Record<string, string>) {
  Object.assign(en, entries)
}

export function tr(zh: string): string {
  return i18n.global.locale.value === 'en' ? (en[zh] ?? zh) : zh
}

export const trPlugin = {
  install(app: App) {
    app.config.globalProperties.$tr = tr
  },
}

declare module 'vue' {
  interface ComponentCustomProperties {
    $tr: (zh: string) => string
  }
}
