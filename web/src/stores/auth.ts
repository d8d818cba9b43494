import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { api, ApiError, ok, setCsrfToken } from '@/api/client'
import type { Captcha, LoginKey, Session, User } from '@/api/models'

export const useAuth = defineStore('auth', () => {
  const user = ref<User | null>(null)
  const loaded = ref(false)
  const permissions = computed(() => user.value?.permissions ?? [])
  const can = (p: string) => permissions.value.includes(p)
  const mustChangePassword = computed(() => !!user.value?.must_change_password)
  /** The server's idle timeout (security setting, from GET /api/auth/me); null until known. */
  const idleMinutes = ref<number | null>(null)

  // Whether a session cookie may exist (the cookie itself is HttpOnly): saves a 401 round trip, and a
  // console error, on every visit of a signed-out browser.
  const HINT = 'zx.signedIn'
  function adopt(s: Session) {
    user.value = s.user
    setCsrfToken(s.csrf_token)
    noteIdle(s)
    localStorage.setItem(HINT, '1')
  }

  function noteIdle(s: Pick<Session, 'idle_timeout_minutes'>) {
    if (s.idle_timeout_minutes > 0) idleMinutes.value = s.idle_timeout_minutes
  }

  /** Restores the session after a reload (the cookie survives; the CSRF token comes from /me). */
  async function restore() {
    if (!localStorage.getItem(HINT)) {
      loaded.value = true
      return
    }
    try {
      adopt(await ok<Session>(api.GET('/api/auth/me')))
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 401) throw e
      forget()
    } finally {
      loaded.value = true
    }
  }

  async function login(username: string, password: string, captcha?: { id: string; answer: string }) {
    const key = await ok<LoginKey>(api.GET('/api/auth/login-key'))
    // sm-crypto is loaded only by the login page's path: it is not part of every page's JavaScript.
    const { sm2 } = await import('sm-crypto')
    const password_sm2 = sm2.doEncrypt(password, key.public_key, 1) // cipherMode 1 = C1C3C2
    adopt(
      await ok<Session>(
        api.POST('/api/auth/login', {
          body: { username, password_sm2, ...(captcha ? { captcha_id: captcha.id, captcha_answer: captcha.answer } : {}) },
        }),
      ),
    )
  }

  async function captcha() {
    return ok<Captcha>(api.GET('/api/auth/captcha'))
  }

  async function changePassword(old_password: string, new_password: string) {
    await ok(api.POST('/api/auth/password', { body: { old_password, new_password } }))
    await restore()
  }

  async function logout() {
    try {
      await ok(api.POST('/api/auth/logout'))
    } catch {
      // the session may already be gone
    }
    forget()
  }

  function forget() {
    user.value = null
    idleMinutes.value = null
    setCsrfToken('')
    localStorage.removeItem(HINT)
  }

  return { user, loaded, permissions, can, mustChangePassword, idleMinutes, noteIdle, restore, login, captcha, changePassword, logout, forget }
})
