import { HomeFilled } from '@element-plus/icons-vue'
import { markRaw } from 'vue'
import type { ModuleDef } from '@/core/registry'

const module: ModuleDef = {
  name: 'dashboard',
  order: 0,
  icon: markRaw(HomeFilled),
  routes: [
    {
      path: '/',
      name: 'home',
      component: () => import('./HomePage.vue'),
      meta: { title: 'menu.home', menu: true, business: true, anyOf: ['run:run:read', 'data:enterprise:read', 'task:task:read'] },
    },
  ],
}
export default module
