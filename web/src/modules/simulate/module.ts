import { DataAnalysis } from '@element-plus/icons-vue'
import { markRaw } from 'vue'
import type { ModuleDef } from '@/core/registry'

// 政策模拟: what-if over the verified data (POST /api/simulate), scenarios saved per policy.
const module: ModuleDef = {
  name: 'simulate',
  order: 45,
  icon: markRaw(DataAnalysis),
  routes: [
    { path: '/simulate', name: 'simulate', component: () => import('./SimulatePage.vue'), meta: { title: 'menu.simulate', menu: true, business: true, anyOf: ['policy:simulation:run'] } },
  ],
}
export default module
