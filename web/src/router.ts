import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { ElMessage } from 'element-plus'
import { modules } from '@/modules'
import { allowed, buildMenu, type PageMeta } from '@/core/registry'
import { onUnauthorized } from '@/api/client'
import { useAuth } from '@/stores/auth'
import { i18n } from '@/i18n'
import AdminLayout from '@/layout/AdminLayout.vue'

const children: RouteRecordRaw[] = modules.flatMap((m) =>
  m.routes.map((r) => ({ ...r, path: r.path.replace(/^\//, ''), meta: { ...r.meta } }) as RouteRecordRaw),
)
children.push(
  { path: 'forbidden', name: 'forbidden', component: () => import('@/pages/ForbiddenPage.vue'), meta: { title: 'common.noPermission' } },
  { path: ':pathMatch(.*)*', name: 'not-found', component: () => import('@/pages/NotFoundPage.vue'), meta: { title: 'common.notFound' } },
)

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/login', name: 'login', component: () => import('@/pages/LoginPage.vue'), meta: { public: true } },
    { path: '/password', name: 'password', component: () => import('@/pages/PasswordPage.vue') },
    { path: '/', component: AdminLayout, children },
  ],
})

router.beforeEach(async (to) => {
  const auth = useAuth()
  if (!auth.loaded) await auth.restore()
  if (to.meta.public) return auth.user && to.name === 'login' ? '/' : true
  if (!auth.user) return { path: '/login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
  if (auth.mustChangePassword && to.name !== 'password') return { path: '/password', query: { redirect: to.fullPath } }
  const meta = to.meta as unknown as PageMeta
  if (!allowed(meta, auth.permissions, auth.user?.role)) {
    // 首页 for accounts without business data (the three administrators): their first menu page.
    if (to.name === 'home') {
      const first = buildMenu(modules, auth.permissions, auth.user?.role).flatMap((i) => (i.children ? i.children : [i]))[0]
      if (first?.path) return first.path
    }
    return { name: 'forbidden' }
  }
  return true
})

let redirecting = false
onUnauthorized(() => {
  const auth = useAuth()
  if (!auth.user || redirecting) return
  redirecting = true
  auth.forget()
  ElMessage.warning(i18n.global.t('idle.ended'))
  const here = router.currentRoute.value.fullPath
  router.push({ path: '/login', query: { redirect: here, reason: 'ended' } }).finally(() => (redirecting = false))
})
