import { Upload } from '@element-plus/icons-vue'
import { markRaw } from 'vue'
import type { ModuleDef } from '@/core/registry'

const module: ModuleDef = {
  name: 'data',
  title: 'menu.data',
  order: 20,
  icon: markRaw(Upload),
  routes: [
    { path: '/uploads', name: 'uploads', component: () => import('./UploadPage.vue'), meta: { title: 'menu.uploads', menu: true, business: true, order: 1, anyOf: ['data:upload:write'] } },
    { path: '/verification', name: 'verification', component: () => import('./VerificationPage.vue'), meta: { title: 'menu.verification', menu: true, business: true, order: 2, anyOf: ['data:output:verify', 'data:progress:read'] } },
  ],
}
export default module
