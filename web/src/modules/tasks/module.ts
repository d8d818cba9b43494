import { List } from '@element-plus/icons-vue'
import { markRaw } from 'vue'
import type { ModuleDef } from '@/core/registry'

const module: ModuleDef = {
  name: 'tasks',
  order: 50,
  icon: markRaw(List),
  routes: [
    { path: '/tasks', name: 'tasks', component: () => import('./TaskList.vue'), meta: { title: 'menu.tasks', menu: true, business: true, anyOf: ['task:task:read'] } },
  ],
}
export default module
