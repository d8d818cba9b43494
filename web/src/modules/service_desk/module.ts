// 工业振兴特派员服务台 (docs/service-desk.md): 我要反映问题, 问题清单 and case details, 任务清单 (which
// replaces the old tasks page at /tasks), 企业清单 (coverage), the province's KPIs, and the notification
// bell in the header. Menus follow the desk:* permissions of GET /api/auth/me; the server decides scope.
import { Headset } from '@element-plus/icons-vue'
import { defineAsyncComponent, markRaw } from 'vue'
import type { ModuleDef } from '@/core/registry'
import zh from './messages.zh'
import en from './messages.en'

const module: ModuleDef = {
  name: 'desk',
  title: 'menu.desk',
  order: 50,
  icon: markRaw(Headset),
  routes: [
    { path: '/desk/report', name: 'desk-report', component: () => import('./ReportPage.vue'), meta: { title: 'menu.deskReport', menu: true, business: true, order: 1, anyOf: ['desk:case:report'] } },
    { path: '/desk/cases', name: 'desk-cases', component: () => import('./CaseList.vue'), meta: { title: 'menu.deskCases', menu: true, business: true, order: 2, anyOf: ['desk:case:read'] } },
    { path: '/desk/cases/:id', name: 'desk-case', component: () => import('./CaseDetail.vue'), meta: { title: 'menu.deskCase', business: true, parent: 'desk-cases', anyOf: ['desk:case:read'] } },
    // 任务清单 for departments: the old /tasks address (and its menu key) now shows the desk's tasks.
    { path: '/tasks', name: 'tasks', component: () => import('./TaskList.vue'), meta: { title: 'menu.tasks', menu: true, business: true, order: 3, anyOf: ['desk:task:read'] } },
    { path: '/desk/enterprises', name: 'desk-coverage', component: () => import('./CoveragePage.vue'), meta: { title: 'menu.deskCoverage', menu: true, business: true, order: 4, anyOf: ['desk:coverage:read'] } },
    { path: '/desk/kpi', name: 'desk-kpi', component: () => import('./KpiPage.vue'), meta: { title: 'menu.deskKpi', menu: true, business: true, order: 5, anyOf: ['desk:kpi:read'] } },
  ],
  header: [{ component: markRaw(defineAsyncComponent(() => import('./NotificationBell.vue'))), anyOf: ['desk:case:read'] }],
  messages: { 'zh-CN': { desk: zh }, en: { desk: en } },
}
export default module
