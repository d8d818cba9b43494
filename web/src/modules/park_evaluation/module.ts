// 亩均效益评价 (docs/park-evaluation.md, issue 12): the evaluations (评价批次) and their details —
// summary, grades by city and by park, benchmarks, the enterprise and park rankings, the parks'
// bubble "map", the sensitivity list and the what-if panel — the enterprise detail with its
// explanation, and, for the enterprise role, 我的亩均评价. All share parks:evaluation:read; the
// server scopes what each role gets (an enterprise only its own row).
import { OfficeBuilding } from '@element-plus/icons-vue'
import { markRaw } from 'vue'
import type { ModuleDef } from '@/core/registry'
import zh from './messages.zh'
import en from './messages.en'

const read = ['parks:evaluation:read']
const module: ModuleDef = {
  name: 'parks',
  order: 47,
  icon: markRaw(OfficeBuilding),
  routes: [
    { path: '/parks/evaluations', name: 'parks-evaluations', component: () => import('./EvaluationList.vue'), meta: { title: 'parks.menu.evaluations', menu: true, business: true, anyOf: read, exceptRoles: ['enterprise'] } },
    { path: '/parks/evaluations/:id', name: 'parks-evaluation', component: () => import('./EvaluationDetail.vue'), meta: { title: 'parks.menu.evaluation', business: true, parent: 'parks-evaluations', anyOf: read, exceptRoles: ['enterprise'] } },
    { path: '/parks/evaluations/:id/enterprises/:uscc', name: 'parks-enterprise', component: () => import('./EnterpriseDetail.vue'), meta: { title: 'parks.menu.enterprise', business: true, parent: 'parks-evaluations', parentByRole: { enterprise: 'parks-mine' }, anyOf: read } },
    { path: '/parks/mine', name: 'parks-mine', component: () => import('./MinePage.vue'), meta: { title: 'parks.menu.mine', menu: true, business: true, anyOf: read, roles: ['enterprise'] } },
  ],
  messages: { 'zh-CN': { parks: zh }, en: { parks: en } },
}
export default module
