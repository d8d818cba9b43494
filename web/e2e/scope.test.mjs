// Data scope as a person meets it, and the account rules the login page enforces: an enterprise sees
// only itself; a city official who types another city's enterprise address sees "不存在"; first login
// forces a password change; failures bring a captcha; idleness brings a warning before sign-out.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { accounts, apiAs, BASE, launch, login, newPage, settle, shot, unexpected } from './helpers.mjs'

let browser
const acc = accounts()
before(async () => (browser = await launch()))
after(async () => browser?.close())

test('an enterprise sees only itself', async () => {
  const own = acc.enterprise.scope.split(':')[1]
  const province = await apiAs('gxt_admin')
  const other = (await province.get('/api/enterprises?page_size=2')).body.items.find((e) => e.uscc !== own)
  const { page, problems, context } = await newPage(browser)
  await login(page, 'enterprise', acc.enterprise.password, { to: '/enterprises' })
  await page.waitForURL(/\/enterprises/)
  await settle(page)
  const rows = page.locator('.el-table__body tr')
  assert.equal(await rows.count(), 1)
  assert.match(await rows.first().innerText(), new RegExp(own))
  await page.goto(`${BASE}/enterprises/${other.uscc}`)
  await page.getByText('不存在', { exact: true }).waitFor()
  assert.equal(await page.getByText(other.name).count(), 0)
  assert.deepEqual(unexpected(problems, [404]), [])
  await context.close()
})

test("a city official typing another city's enterprise address sees 不存在", async () => {
  const province = await apiAs('gxt_admin')
  const liuzhou = (await province.get(`/api/enterprises?city=${encodeURIComponent('柳州市')}&page_size=1`)).body.items[0]
  assert.equal(liuzhou.city, '柳州市')
  const { page, problems, context } = await newPage(browser)
  await login(page, 'nanning', acc.nanning.password, { to: `/enterprises/${liuzhou.uscc}` })
  await page.getByText('不存在', { exact: true }).waitFor()
  await settle(page)
  assert.equal(await page.getByText(liuzhou.name).count(), 0)
  assert.equal(await page.locator('[data-test=enterprise-name]').count(), 0)
  await shot(page, 'city-other-city-not-found')
  // ...while its own city's enterprise opens, with the 2022 vs 2023 chart and the clause results.
  const own = (await province.get(`/api/enterprises?city=${encodeURIComponent('南宁市')}&page_size=1`)).body.items[0]
  await page.goto(`${BASE}/enterprises/${own.uscc}`)
  await page.locator('[data-test=enterprise-name]', { hasText: own.name }).waitFor()
  await shot(page, 'city-enterprise-detail')
  assert.deepEqual(unexpected(problems, [404]), [])
  await context.close()
})

test('the first login of a new account forces a password change', async () => {
  const admin = await apiAs('sysadmin')
  const created = await admin.post('/api/users', { username: 'e2e_new', display_name: '测试 新用户', role: 'city_official', city: '南宁市', password: 'Init-Pass-2023!' })
  assert.equal(created.status, 201, JSON.stringify(created.body))
  // A business account takes effect once a security administrator confirms it (two-person rule).
  const confirmed = await (await apiAs('secadmin')).post(`/api/users/${created.body.id}/confirm`, {})
  assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body))
  const { page, problems, context } = await newPage(browser)
  await page.goto(BASE + '/login')
  await page.fill('#zx-username', 'e2e_new')
  await page.fill('#zx-password', 'Init-Pass-2023!')
  await page.click('[data-test=login-submit]')
  await page.waitForURL(/\/password/)
  await page.getByText('首次登录或密码已过期').waitFor()
  await shot(page, 'forced-password-change')
  await page.fill('#zx-old', 'Init-Pass-2023!')
  await page.fill('#zx-new', 'Changed-Pass-2023!')
  await page.fill('#zx-repeat', 'Changed-Pass-2023!')
  await page.click('[data-test=password-submit]')
  await page.waitForSelector('.zx-shell')
  assert.equal(new URL(page.url()).pathname, '/')
  assert.deepEqual(unexpected(problems), [])
  await context.close()
})

test('an idle session is warned before it is ended, and can be kept', async () => {
  const { page, problems, context } = await newPage(browser)
  // The page takes the timeout from the server (GET /api/auth/me's idle_timeout_minutes): the test
  // shortens what the server says to 6 seconds (the real setting is 30 minutes).
  let reported
  await page.route('**/api/auth/me', async (route) => {
    const response = await route.fetch()
    const body = await response.json()
    if (body.user) {
      reported = body.idle_timeout_minutes
      body.idle_timeout_minutes = 0.1
    }
    await route.fulfill({ response, json: body })
  })
  await login(page, 'auditor', acc.auditor.password, { to: '/policies' })
  const dialog = page.locator('.el-dialog', { hasText: '即将超时退出' })
  await dialog.waitFor({ timeout: 15000 })
  assert.equal(reported, 30, 'the server reports its idle timeout (the default 30 minutes)')
  await shot(page, 'idle-warning')
  await dialog.getByRole('button', { name: '继续使用' }).click()
  await dialog.waitFor({ state: 'hidden' })
  // Left alone again, the session ends and the login page says why.
  await page.waitForURL(/\/login/, { timeout: 20000 })
  await page.getByText('会话已结束').waitFor()
  assert.deepEqual(unexpected(problems), [])
  await context.close()
})

// Last of all the browser tests: the failures count per address too, so from here on every login from
// 127.0.0.1 needs a captcha for the failure window.
test('after failed logins the login page asks for a captcha', async () => {
  const admin = await apiAs('sysadmin')
  await admin.post('/api/users', { username: 'e2e_captcha', role: 'auditor', password: 'Init-Pass-2023!' })
  const { page, problems, context } = await newPage(browser)
  await page.goto(BASE + '/login')
  for (let i = 0; i < 4 && (await page.locator('#zx-captcha').count()) === 0; i++) {
    await page.fill('#zx-username', 'e2e_captcha')
    await page.fill('#zx-password', 'wrong-password-' + i)
    await page.click('[data-test=login-submit]')
    await page.locator('[data-test=login-error]').waitFor()
    await settle(page, 100)
  }
  await page.locator('#zx-captcha').waitFor()
  assert.equal(await page.locator('.zx-captcha-img img').count(), 1)
  await shot(page, 'login-captcha')
  assert.deepEqual(unexpected(problems, [401]), [])
  await context.close()
})
