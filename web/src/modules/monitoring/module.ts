// 监测调度 (docs/monitoring.md): the 指挥部's monthly watch of the 14 cities, the industries and
// designation groups, the top-500 enterprises, the warnings, the key projects and the monthly 通报,
// and the province's data tables. The province, the city bureaus and the auditors read it; the
// server scopes what each gets (a city its own figures in full, the others only as the issued 通报
// publishes them). The province's actions (scan, prepare, issue, upload, verify) are shown to those
// holding their permissions, and the server decides.
import { DataLine } from '@element-plus/icons-vue'
import { markRaw } from 'vue'
import type { ModuleDef } from '@/core/registry'
import zh from './messages.zh'
import en from './messages.en'

// The server's permissions (src/modules/monitoring/permissions.hpp); the pages are for the three reader
// roles (an enterprise, which may read its own warnings, has no page here).
const readers = ['province_admin', 'city_official', 'auditor']
const read = ['monitoring:figures:read']
const meta = (title: string, extra: Record<string, unknown> = {}) => ({ title: `monitoring.menu.${title}`, business: true, anyOf: read, roles: readers, ...extra })
const module: ModuleDef = {
  name: 'monitoring',
  title: 'monitoring.menu.group',
  order: 45,
  icon: markRaw(DataLine),
  routes: [
    { path: '/monitoring', name: 'monitoring-overview', component: () => import('./OverviewPage.vue'), meta: meta('overview', { menu: true, order: 1 }) },
    { path: '/monitoring/cities/:city', name: 'monitoring-city', component: () => import('./CityPage.vue'), meta: meta('city', { parent: 'monitoring-overview' }) },
    { path: '/monitoring/top500', name: 'monitoring-top500', component: () => import('./Top500Page.vue'), meta: meta('top500', { menu: true, order: 2 }) },
    { path: '/monitoring/warnings', name: 'monitoring-warnings', component: () => import('./WarningsPage.vue'), meta: meta('warnings', { menu: true, order: 3, anyOf: ['monitoring:warnings:read'] }) },
    { path: '/monitoring/projects', name: 'monitoring-projects', component: () => import('./ProjectsPage.vue'), meta: meta('projects', { menu: true, order: 4 }) },
    { path: '/monitoring/bulletins', name: 'monitoring-bulletins', component: () => import('./BulletinsPage.vue'), meta: meta('bulletins', { menu: true, order: 5 }) },
    { path: '/monitoring/bulletins/:month', name: 'monitoring-bulletin', component: () => import('./BulletinPage.vue'), meta: meta('bulletin', { parent: 'monitoring-bulletins' }) },
    // GET /data: the province, the cities and the auditors; the province uploads, the cities 核定.
    { path: '/monitoring/data', name: 'monitoring-data', component: () => import('./DataPage.vue'), meta: meta('data', { menu: true, order: 6, anyOf: ['monitoring:data:read'] }) },
  ],
  messages: { 'zh-CN': { monitoring: zh }, en: { monitoring: en } },
}
export default module
