import { createApp } from 'vue'
import { createPinia } from 'pinia'
import ElementPlus from 'element-plus'
import 'element-plus/dist/index.css'
import './styles.css'
import App from './App.vue'
import { i18n } from './i18n'
import { modules } from './modules'
import { router } from './router'
import { addGlossary, trPlugin } from './i18n/tr'

for (const m of modules) {
  if (m.messages?.['zh-CN']) i18n.global.mergeLocaleMessage('zh-CN', m.messages['zh-CN'])
  if (m.messages?.en) i18n.global.mergeLocaleMessage('en', m.messages.en)
  if (m.glossary) addGlossary(m.glossary)
}

createApp(App).use(createPinia()).use(i18n).use(router).use(ElementPlus).use(trPlugin).mount('#app')
