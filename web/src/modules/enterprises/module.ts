import { OfficeBuilding } from '@element-plus/icons-vue'
import { markRaw } from 'vue'
import type { ModuleDef } from '@/core/registry'

const module: ModuleDef = {
  name: 'enterprises',
  order: 10,
  icon: markRaw(OfficeBuilding),
  routes: [
    { path: '/enterprises', name: 'enterprises', component: () => import('./EnterpriseList.vue'), meta: { title: 'menu.enterprises', menu: true, business: true, anyOf: ['data:enterprise:read'] } },
    { path: '/enterprises/:uscc', name: 'enterprise', component: () => import('./EnterpriseDetail.vue'), meta: { title: 'menu.enterpriseDetail', business: true, parent: 'enterprises', anyOf: ['data:enterprise:read'] } },
  ],
}
export default module
