import { Money } from '@element-plus/icons-vue'
import { markRaw } from 'vue'
import type { ModuleDef } from '@/core/registry'
import glossary from './glossary'

const module: ModuleDef = {
  name: 'awards',
  title: 'menu.awards',
  order: 30,
  icon: markRaw(Money),
  routes: [
    { path: '/runs', name: 'runs', component: () => import('./RunList.vue'), meta: { title: 'menu.runs', menu: true, business: true, order: 1, anyOf: ['run:run:read'] } },
    { path: '/ledger', name: 'ledger', component: () => import('./LedgerPage.vue'), meta: { title: 'menu.ledger', menu: true, business: true, order: 2, anyOf: ['run:ledger:read'] } },
    { path: '/runs/:id', name: 'run', component: () => import('./RunDetail.vue'), meta: { title: 'menu.runDetail', business: true, parent: 'runs', anyOf: ['run:run:read'] } },
    { path: '/runs/:id/compare/:other', name: 'run-compare', component: () => import('./RunCompare.vue'), meta: { title: 'menu.runCompare', business: true, parent: 'runs', anyOf: ['run:run:read'] } },
  ],
  glossary,
}
export default module
