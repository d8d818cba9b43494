// The pages that change things outside the award workflow: a security administrator forces a session
// off (the user is sent to the login page), a system administrator disables an account, the audit
// administrator verifies the hash chain, a city revises a verified month.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { accounts, apiAs, BASE, confirmBox, launch, login, newPage, settle, unexpected } from './helpers.mjs'

let browser
const acc = accounts()
before(async () => (browser = await launch()))
after(async () => browser?.close())

test('a session forced off by the security administrator ends in the browser', async () => {
  const victim = await newPage(browser)
  await login(victim.page, 'hrss', acc.hrss.password, { to: '/policies' })
  const admin = await newPage(browser)
  await login(admin.page, 'secadmin', acc.secadmin.password, { to: '/system/sessions' })
  await settle(admin.page)
  // Every session of hrss (earlier tests left some), the victim's browser's among them.
  const rows = admin.page.locator('.el-table__body tr', { hasText: 'hrss' })
  for (let n = await rows.count(); n > 0; n--) {
    await rows.first().getByRole('button', { name: '强制下线' }).click()
    await confirmBox(admin.page)
    await admin.page.locator('.el-message--success', { hasText: '已下线' }).last().waitFor()
    await settle(admin.page)
    assert.equal(await rows.count(), n - 1)
  }
  // The victim's next request is refused: back to the login page, saying why.
  await victim.page.click('.zx-menu [data-menu=home]')
  await victim.page.waitForURL(/\/login/)
  await victim.page.locator('.el-alert__title', { hasText: '会话已结束' }).waitFor()
  assert.deepEqual(unexpected(victim.problems, [401]), [])
  assert.deepEqual(unexpected(admin.problems), [])
  await victim.context.close()
  await admin.context.close()
})

test('the system administrator disables an account, which then cannot log in', async () => {
  const sys = await apiAs('sysadmin')
  assert.equal((await sys.post('/api/users', { username: 'e2e_leaver', role: 'auditor', password: 'Init-Pass-2023!' })).status, 201)
  const { page, problems, context } = await newPage(browser)
  await login(page, 'sysadmin', acc.sysadmin.password, { to: '/system/users' })
  await settle(page)
  const row = page.locator('.el-table__body tr', { hasText: 'e2e_leaver' })
  await row.getByRole('button', { name: '停用' }).click()
  await confirmBox(page)
  await row.getByText('已停用').waitFor()
  const r = await fetch(BASE + '/api/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'e2e_leaver', password: 'Init-Pass-2023!' }) })
  assert.ok([401, 403].includes(r.status), `login of a disabled account: ${r.status}`)
  assert.deepEqual(unexpected(problems), [])
  await context.close()
})

test('the audit administrator verifies the hash chain of the audit log', async () => {
  const { page, problems, context } = await newPage(browser)
  await login(page, 'auditadmin', acc.auditadmin.password, { to: '/system/audit' })
  await settle(page)
  assert.ok((await page.locator('.el-table__body tr').count()) > 0, 'audit entries listed')
  await page.click('[data-test=audit-verify]')
  await page.locator('[data-test=audit-verify-result]', { hasText: '哈希链完整' }).waitFor()
  assert.deepEqual(unexpected(problems), [])
  await context.close()
})

test('a city official revises a verified month with a reason', async () => {
  const city = await apiAs('nanning')
  const month = (await city.get('/api/output?status=verified&page_size=1')).body.items[0]
  const { page, problems, context } = await newPage(browser)
  await login(page, 'nanning', acc.nanning.password, { to: `/verification?status=verified&uscc=${month.uscc}` })
  await settle(page)
  const row = page.locator('.el-table__body tr', { hasText: month.month.replace(/^(\d{4})-0?(\d+)$/, '$1年$2月') }).first()
  await row.getByRole('button', { name: '修订' }).click()
  await page.fill('#zx-rev-amount', '123456.78')
  await page.fill('#zx-rev-reason', '企业补报：统计口径更正')
  await page.getByRole('button', { name: '保存修订' }).click()
  await page.locator('.el-message--success', { hasText: '已修订' }).waitFor()
  const after = (await city.get(`/api/output?uscc=${month.uscc}&month_from=${month.month}&month_to=${month.month}`)).body.items[0]
  assert.equal(after.output_yuan, '123456.78')
  assert.ok(after.revision > month.revision)
  assert.deepEqual(unexpected(problems), [])
  await context.close()
})

test('the security administrator saves the security settings (audited)', async () => {
  const { page, problems, context } = await newPage(browser)
  await login(page, 'secadmin', acc.secadmin.password, { to: '/system/security' })
  await settle(page)
  await page.getByRole('button', { name: '保存' }).click()
  await page.locator('.el-message--success', { hasText: '已保存' }).waitFor()
  const audit = await apiAs('auditadmin')
  const entries = (await audit.get('/api/audit?page_size=500&username=secadmin')).body.items
  assert.ok(entries.some((e) => /setting/i.test(e.action)), `an audit entry for the change: ${entries.map((e) => e.action).join(', ')}`)
  assert.deepEqual(unexpected(problems), [])
  await context.close()
})
