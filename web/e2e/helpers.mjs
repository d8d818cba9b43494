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
    // The brief's four flags, and what keeps Chromium from reaching out on this closed network.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
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

/** A bearer-token API client for assertions from the test itself (not through the page). */
export async function apiAs(username, password = accounts()[username].password) {
  const res = await fetch(BASE + '/api/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password, bearer: true }),
  })
  const body = await res.json()
  if (!res.ok) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(body)}`)
  const call = async (method, path, json) => {
    const r = await fetch(BASE + path, {
      method,
      headers: { Authorization: `Bearer ${body.token}`, ...(json ? { 'Content-Type': 'application/json' } : {}) },
      body: json ? JSON.stringify(json) : undefined,
    })
    const text = await r.text()
    let parsed
    try {
      parsed = JSON.parse(text)
    } catch {
      parsed = text
    }
    return { status: r.status, body: parsed }
  }
  return { get: (p) => call('GET', p), post: (p, j) => call('POST', p, j), user: body.user }
}

/** Every item of a paged endpoint. */
export async function allPages(client, path) {
  const out = []
  for (let page = 1; ; page++) {
    const sep = path.includes('?') ? '&' : '?'
    const r = await client.get(`${path}${sep}page=${page}&page_size=500`)
    if (r.status !== 200) throw new Error(`${path}: ${r.status}`)
    out.push(...r.body.items)
    if (out.length >= r.body.total || r.body.items.length === 0) return out
  }
}

/**
 * Problems other than the HTTP error answers a test provokes on purpose (Chromium logs every 4xx
 * response as a console error: "Failed to load resource: ... status of 404").
 */
export function unexpected(problems, allowedStatuses = []) {
  return problems.filter((p) => !allowedStatuses.some((s) => p.includes(`status of ${s} `)))
}

/** Waits until the page has no request in flight and charts have drawn. */
export async function settle(page, ms = 400) {
  await page.waitForLoadState('networkidle')
  await page.waitForTimeout(ms)
}

/** Saves a screenshot under $ZX_SCREENSHOTS (the docs set) when it is set. */
export async function shot(page, name) {
  if (!process.env.ZX_SCREENSHOTS) return
  await settle(page, 1200)
  await page.screenshot({ path: `${process.env.ZX_SCREENSHOTS}/${name}.png` })
}

/** Confirms the open Element Plus message box (approve, publicize, disburse, ...). */
export async function confirmBox(page) {
  const box = page.locator('.el-message-box')
  await box.waitFor()
  await box.locator('.el-message-box__btns .el-button--primary').click()
  await box.waitFor({ state: 'hidden' })
}

let axeSource
/** WCAG 2 A/AA violations on the page (axe-core), as "rule(count): first targets" strings. */
export async function a11y(page) {
  axeSource ??= (await import('node:fs')).readFileSync(new URL('../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8')
  // Evaluated through the DevTools protocol: not an inline script, so the page's CSP does not apply.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource)
  const r = await page.evaluate(() => window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } }))
  return r.violations.map((v) => `${v.id}(${v.nodes.length}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`)
}
