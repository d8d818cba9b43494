import { Setting } from '@element-plus/icons-vue'
import { markRaw } from 'vue'
import type { ModuleDef } from '@/core/registry'

// 三员分立: each page for one of the three administrators; none of them sees business data.
const module: ModuleDef = {
  name: 'system',
  title: 'menu.system',
  order: 90,
  icon: markRaw(Setting),
  routes: [
    { path: '/system/users', name: 'users', component: () => import('./UsersPage.vue'), meta: { title: 'menu.users', menu: true, order: 1, anyOf: ['system:user:read'] } },
    { path: '/system/security', name: 'security', component: () => import('./SecurityPage.vue'), meta: { title: 'menu.security', menu: true, order: 2, anyOf: ['security:settings:read'] } },
    { path: '/system/sessions', name: 'sessions', component: () => import('./SessionsPage.vue'), meta: { title: 'menu.sessions', menu: true, order: 3, anyOf: ['security:session:read'] } },
    { path: '/system/audit', name: 'audit', component: () => import('./AuditPage.vue'), meta: { title: 'menu.audit', menu: true, order: 4, anyOf: ['audit:log:read'] } },
  ],
}
export default module
