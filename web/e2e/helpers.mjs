// Shared by the browser tests: the server under test, accounts, a browser, and a page that records
// console errors and failed requests so every test can assert there were none.
import { readFileSync } from 'node:fs'
import { chromium } from 'playwright-core'

export const BASE = process.env.ZX_WEB_BASE || 'http://127.0.0.1:18080'
const accountsFile = process.env.ZX_ACCOUNTS || '/tmp/zxweb/demo-accounts.txt'

/** Demo accounts: username -> { password, role, scope } from demo-accounts.txt. */
export function accounts() {
  const out = {}
  for (const line of readFileSync(accountsFile, 'utf8').split('\n')) {
    if (!line || line.startsWith('#')) continue
    const [username, password, role, scope] = line.split('\t')
    out[username] = { username, password, role, scope }
  }
  return out
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  })
}

/** A fresh context (own cookies) and page; `problems` collects console errors, page errors, CSP violations and off-machine requests. */
export async function newPage(browser, { locale = 'zh-CN' } = {}) {
  const context = await browser.newContext({ locale, viewport: { width: 1440, height: 900 }, acceptDownloads: true })
  const page = await context.newPage()
  const problems = []
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`)
  })
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
  page.on('request', (r) => {
    const u = new URL(r.url())
    if (!['127.0.0.1', 'localhost'].includes(u.hostname) && !['data:', 'blob:'].includes(u.protocol)) problems.push(`off-machine request: ${r.url()}`)
  })
  return { context, page, problems }
}

/** Logs in through the login form (SM2 in the browser) and waits for the frame. */
export async function login(page, username, password, { to = '/' } = {}) {
  await page.goto(BASE + (to === '/' ? '/login' : `/login?redirect=${encodeURIComponent(to)}`))
  await page.fill('#zx-username', username)
  await page.fill('#zx-password', password)
  await page.click('[data-test=login-submit]')
  await page.waitForSelector('.zx-shell', { timeout: 15000 })
}

/** Calls the API inside the page (its cookie and CSRF token), returning the parsed JSON. */
export async function apiInPage(page, path, init = {}) {
  return page.evaluate(
    async ([path, init]) => {
      const me = await fetch('/api/auth/me').then((r) => r.json())
      const res = await fetch(path, {
        ...init,
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token, ...(init.headers || {}) },
      })
      return { status: res.status, body: await res.json().catch(() => null) }
    },
    [path, init],
  )
}

export async function menuKeys(page) {
  return page.$$eval('.zx-menu [data-menu]', (els) => els.map((e) => e.getAttribute('data-menu')))
}
