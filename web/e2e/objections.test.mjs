// 公示异议: on the demo's publicized run (#1, where the demo enterprise has awards) the enterprise files an
// objection on its own result and sees it open; the province rejects it with a reason; the enterprise
// then sees the decision and the reason.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { accounts, apiAs, launch, login, newPage, settle, shot, unexpected } from './helpers.mjs'

let browser
const acc = accounts()
before(async () => (browser = await launch()))
after(async () => browser?.close())

const text = `第一条产值核定有误（e2e ${Date.now()}）`
const reason = '经核实，产值以市工信局核定数据为准，异议不成立'
let objectionId

test('the enterprise files an objection on its own result in the publicized run and sees it', async () => {
  const ent = await apiAs('enterprise')
  const run = (await ent.get('/api/runs/1')).body
  assert.equal(run.status, 'publicized', 'the demo run #1 is publicized')
  assert.ok((await ent.get('/api/runs/1/rows?page_size=1')).body.total > 0, 'the demo enterprise has rows in run #1')
  const { page, problems, context } = await newPage(browser)
  await login(page, 'enterprise', acc.enterprise.password, { to: '/runs/1' })
  await page.locator('[data-test=run-status]', { hasText: '公示中' }).waitFor()
  await page.click('[data-test=file-objection]')
  // Too short: refused in the page before anything is sent.
  await page.fill('#zx-objection', '有误')
  await page.click('[data-test=objection-submit]')
  await page.getByText('异议理由至少4个字').waitFor()
  await page.fill('#zx-objection', text)
  await page.click('[data-test=objection-submit]')
  const row = page.locator('[data-test=objections] .el-table__body tr', { hasText: text })
  await row.waitFor()
  assert.equal((await row.locator('[data-test=objection-status]').textContent()).trim(), '待处理')
  const mine = (await ent.get('/api/runs/1/objections')).body.items.find((o) => o.text === text)
  assert.ok(mine && mine.status === 'open')
  objectionId = mine.id
  await page.locator('[data-test=run-history]', { hasText: '提出异议' }).waitFor()
  await shot(page, 'enterprise-objection')
  assert.deepEqual(unexpected(problems), [])
  await context.close()
})

test('the province sees the open objection and rejects it with a reason', async () => {
  assert.ok(objectionId)
  const { page, problems, context } = await newPage(browser)
  await login(page, 'gxt_approver', acc.gxt_approver.password, { to: '/runs/1' })
  await page.locator('[data-test=run-stale]', { hasText: '待处理的异议' }).waitFor()
  const row = page.locator('[data-test=objections] .el-table__body tr', { hasText: text })
  await row.waitFor()
  await row.locator(`[data-test=reject-${objectionId}]`).click()
  const box = page.locator('.el-message-box')
  await box.waitFor()
  await box.locator('textarea').fill(reason)
  await box.locator('.el-message-box__btns .el-button--primary').click()
  await box.waitFor({ state: 'hidden' })
  await row.locator('[data-test=objection-status]', { hasText: '不成立' }).waitFor()
  await row.locator('[data-test=objection-reason]', { hasText: reason }).waitFor()
  const o = (await (await apiAs('gxt_admin')).get('/api/runs/1/objections')).body.items.find((x) => x.id === objectionId)
  assert.equal(o.status, 'rejected')
  assert.equal(o.decision_reason, reason)
  await settle(page)
  assert.deepEqual(unexpected(problems), [])
  await context.close()
})

test('the enterprise sees the decision and its reason', async () => {
  assert.ok(objectionId)
  const { page, problems, context } = await newPage(browser)
  await login(page, 'enterprise', acc.enterprise.password, { to: '/runs/1' })
  const row = page.locator('[data-test=objections] .el-table__body tr', { hasText: text })
  await row.locator('[data-test=objection-status]', { hasText: '不成立' }).waitFor()
  await row.locator('[data-test=objection-reason]', { hasText: reason }).waitFor()
  await page.locator('[data-test=run-history]', { hasText: '异议不成立' }).waitFor()
  assert.deepEqual(unexpected(problems), [])
  await context.close()
})
