import { Document } from '@element-plus/icons-vue'
import { markRaw } from 'vue'
import type { ModuleDef } from '@/core/registry'

const module: ModuleDef = {
  name: 'policies',
  order: 40,
  icon: markRaw(Document),
  routes: [
    { path: '/policies', name: 'policies', component: () => import('./PolicyList.vue'), meta: { title: 'menu.policies', menu: true, anyOf: ['policy:policy:read'] } },
    { path: '/policies/:id', name: 'policy', component: () => import('./PolicyDetail.vue'), meta: { title: 'menu.policyDetail', parent: 'policies', anyOf: ['policy:policy:read'] } },
  ],
}
export default module
