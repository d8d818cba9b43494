import { Money } from '@element-plus/icons-vue'
import { markRaw } from 'vue'
import type { ModuleDef } from '@/core/registry'

const module: ModuleDef = {
  name: 'runs',
  title: 'menu.awards',
  order: 30,
  icon: markRaw(Money),
  routes: [
    { path: '/runs', name: 'runs', component: () => import('./RunList.vue'), meta: { title: 'menu.runs', menu: true, business: true, anyOf: ['run:run:read'] } },
    { path: '/runs/:id', name: 'run', component: () => import('./RunDetail.vue'), meta: { title: 'menu.runDetail', business: true, parent: 'runs', anyOf: ['run:run:read'] } },
    { path: '/runs/:id/compare/:other', name: 'run-compare', component: () => import('./RunCompare.vue'), meta: { title: 'menu.runCompare', business: true, parent: 'runs', anyOf: ['run:run:read'] } },
  ],
}
export default module
