// Each role logs in through the login form (SM2-encrypted password) and sees exactly its menu; every
// page of that menu loads without console errors, failed requests or error states, and passes axe-core's
// WCAG 2 A/AA rules (contrast, names, labels).
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { a11y, accounts, BASE, launch, login, menuKeys, newPage, settle, shot, unexpected } from './helpers.mjs'

// 服务台 (desk): the pages each role's desk:* permissions open; 任务清单 (desk:task:read: province,
// departments, auditor; not cities) keeps the old /tasks key.
const deskRead = ['desk', 'desk-cases', 'tasks', 'desk-coverage', 'desk-kpi']
const business = ['home', 'enterprises', 'data', 'uploads', 'verification', 'awards', 'runs', 'ledger', 'policies', 'monitoring', 'monitoring-overview', 'monitoring-top500', 'monitoring-warnings', 'monitoring-projects', 'monitoring-bulletins', 'monitoring-data', 'parks-evaluations', 'desk', 'desk-cases', 'desk-coverage', 'desk-kpi']
// 亩均效益评价 (parks:evaluation:read): the evaluation list for the province, cities and auditors; the
// enterprise has 我的亩均评价 instead.
// 政策模拟 for the role with policy:simulation:run (the province; the server does not grant it to the auditor).
const province = ['home', 'enterprises', 'data', 'uploads', 'verification', 'awards', 'runs', 'ledger', 'policies', 'simulate', 'monitoring', 'monitoring-overview', 'monitoring-top500', 'monitoring-warnings', 'monitoring-projects', 'monitoring-bulletins', 'monitoring-data', 'parks-evaluations', 'desk', 'desk-report', 'desk-cases', 'tasks', 'desk-coverage', 'desk-kpi']
const expected = {
  gxt_admin: province,
  gxt_reviewer: province,
  gxt_approver: province,
  nanning: business,
  liuzhou: business,
  hrss: ['home', 'policies', 'desk', 'desk-cases', 'tasks', 'desk-kpi'],
  enterprise: ['home', 'enterprises', 'awards', 'runs', 'ledger', 'policies', 'parks-mine', 'desk', 'desk-report', 'desk-cases'],
  auditor: ['home', 'enterprises', 'data', 'verification', 'awards', 'runs', 'ledger', 'policies', 'monitoring', 'monitoring-overview', 'monitoring-top500', 'monitoring-warnings', 'monitoring-projects', 'monitoring-bulletins', 'monitoring-data', 'parks-evaluations', ...deskRead],
  // 特派员: the service desk only (report for, and follow, the enterprises assigned to them).
  tpy_nanning: ['desk', 'desk-report', 'desk-cases', 'desk-coverage'],
  sysadmin: ['policies', 'system', 'users'],
  secadmin: ['system', 'users', 'security', 'sessions'],
  auditadmin: ['system', 'audit'],
}
const shots = { gxt_admin: 'province-', nanning: 'city-', enterprise: 'enterprise-', secadmin: 'secadmin-', auditadmin: 'auditadmin-', hrss: 'department-' }

let browser
const acc = accounts()
before(async () => (browser = await launch()))
after(async () => browser?.close())

test('the login page loads without errors and asks for user name and password', async () => {
  const { page, problems, context } = await newPage(browser)
  await page.goto(BASE + '/')
  await page.waitForURL(/\/login/)
  await page.locator('#zx-username').waitFor()
  assert.deepEqual(await a11y(page), [], 'login page: WCAG 2 AA (axe-core)')
  await shot(page, 'login')
  assert.deepEqual(unexpected(problems), [])
  await context.close()
})

for (const [username, menu] of Object.entries(expected)) {
  test(`${username} sees its menu and every page of it loads cleanly`, async () => {
    const { page, problems, context } = await newPage(browser)
    await login(page, username, acc[username].password)
    assert.deepEqual(await menuKeys(page), menu)
    const links = await page.$$eval('.zx-menu [data-menu]', (els) =>
      els.map((e) => ({ key: e.getAttribute('data-menu'), sub: e.classList.contains('el-sub-menu') })),
    )
    // Visit every page of the menu by its address (the menu's index is the path).
    const paths = { home: '/', enterprises: '/enterprises', uploads: '/uploads', verification: '/verification', runs: '/runs', ledger: '/ledger', policies: '/policies', simulate: '/simulate', tasks: '/tasks', 'desk-report': '/desk/report', 'desk-cases': '/desk/cases', 'desk-coverage': '/desk/enterprises', 'desk-kpi': '/desk/kpi', 'parks-evaluations': '/parks/evaluations', 'parks-mine': '/parks/mine', users: '/system/users', security: '/system/security', sessions: '/system/sessions', audit: '/system/audit', 'monitoring-overview': '/monitoring', 'monitoring-top500': '/monitoring/top500', 'monitoring-warnings': '/monitoring/warnings', 'monitoring-projects': '/monitoring/projects', 'monitoring-bulletins': '/monitoring/bulletins', 'monitoring-data': '/monitoring/data' }
    for (const { key, sub } of links) {
      if (sub) continue
      await page.goto(BASE + paths[key])
      await settle(page)
      assert.equal(await page.locator('.el-result').count(), 0, `${username} ${key}: an error state is shown`)
      assert.deepEqual(await a11y(page), [], `${username} ${key}: WCAG 2 AA (axe-core)`)
      if (shots[username] && (key === 'home' || username === 'gxt_admin' || username.endsWith('admin'))) await shot(page, shots[username] + key)
    }
    assert.deepEqual(unexpected(problems), [], `${username}: ${problems.join('\n')}`)
    await context.close()
  })
}

test('a deep link survives a reload, and the watermark names the user', async () => {
  const { page, problems, context } = await newPage(browser)
  await login(page, 'gxt_admin', acc.gxt_admin.password, { to: '/runs/1' })
  await page.waitForURL(/\/runs\/1$/)
  await page.locator('h1', { hasText: '#1' }).waitFor()
  await page.reload()
  await page.locator('h1', { hasText: '#1' }).waitFor()
  assert.equal(new URL(page.url()).pathname, '/runs/1')
  assert.equal(await page.locator('[data-test=watermark]').count(), 1)
  // Tabs of open pages: the run's tab is there and active.
  assert.match(await page.locator('.zx-tab.active').innerText(), /批次详情 1/)
  await shot(page, 'province-run-detail')
  assert.deepEqual(unexpected(problems), [])
  await context.close()
})

test('the interface switches to English and back', async () => {
  const { page, problems, context } = await newPage(browser)
  await login(page, 'gxt_admin', acc.gxt_admin.password)
  await page.click('[data-test=lang]')
  await page.locator('.zx-menu', { hasText: 'Enterprises' }).waitFor()
  await shot(page, 'province-home-en')
  await page.click('[data-test=lang]')
  await page.locator('.zx-menu', { hasText: '企业' }).waitFor()
  assert.deepEqual(unexpected(problems), [])
  await context.close()
})

test('the login form works from the keyboard alone', async () => {
  const { page, problems, context } = await newPage(browser)
  await page.goto(BASE + '/login')
  await page.locator('#zx-username').waitFor()
  // The user name field has the focus on arrival; Tab moves to the password, Enter submits.
  await page.keyboard.type('auditor')
  await page.keyboard.press('Tab')
  await page.keyboard.type(acc.auditor.password)
  await page.keyboard.press('Enter')
  await page.waitForSelector('.zx-shell')
  assert.deepEqual(unexpected(problems), [])
  await context.close()
})
