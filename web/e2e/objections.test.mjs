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

test('a run computed before the data changed offers 重新计算, which confirms the unverified months and opens the new run', async () => {
  const api = await apiAs('gxt_admin')
  const run = (await api.get('/api/runs/1')).body
  assert.ok(run.stale || run.superseded_by, 'run #1 is from older data (the data tests verified months since)')
  // The demo always has unverified months: the server answers 409 with their counts (nothing created).
  const refused = await api.post('/api/runs/1/recompute', {})
  assert.equal(refused.status, 409)
  const { pending_enterprises: ents, pending_months: months } = refused.body.error.details
  const before = Math.max(...(await api.get('/api/runs')).body.items.map((r) => r.id))
  const { page, problems, context } = await newPage(browser)
  await login(page, 'gxt_admin', acc.gxt_admin.password, { to: '/runs/1' })
  await page.locator('[data-test=run-stale]').waitFor()
  await page.click('[data-test=recompute]')
  // Two boxes in a row (the second opens while the first fades out): each is found by its text.
  await page.locator('.el-message-box', { hasText: '将按当前已核定的数据生成一个新批次' }).locator('.el-message-box__btns .el-button--primary').click()
  await page.locator('.el-message-box', { hasText: `尚有${ents}家企业${months}个月产值未核定，计算将不含这些月份，是否继续？` }).locator('.el-message-box__btns .el-button--primary').click()
  await page.waitForURL((u) => /\/runs\/\d+$/.test(u.pathname) && Number(u.pathname.split('/').pop()) > before)
  await page.locator('[data-test=run-status]', { hasText: '草稿' }).waitFor()
  const id = Number(new URL(page.url()).pathname.split('/').pop())
  const fresh = (await api.get(`/api/runs/${id}`)).body
  assert.equal(fresh.stale, false)
  assert.equal(fresh.policy, run.policy)
  assert.deepEqual(unexpected(problems, [409]), [])
  await context.close()
})
