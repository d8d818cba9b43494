// 服务台 (docs/service-desk.md), end to end: the enterprise reports a labour problem with an attachment,
// and a send whose answer is lost is retried under the same Idempotency-Key (one case, not two); the
// lead department (hrss, 自治区人力资源社会保障厅) finds it in 任务清单, accepts it and replies; the
// enterprise, told by the bell, confirms with 5 stars; the province's KPI page counts the case, and the
// figure opens the case.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { accounts, apiAs, BASE, launch, login, newPage, settle, shot, unexpected } from './helpers.mjs'

let browser
const acc = accounts()
before(async () => (browser = await launch()))
after(async () => browser?.close())

const LEAD = '自治区人力资源社会保障厅'
const title = `招工难：技术工人缺口（e2e ${Date.now()}）`
const description = '今年新增两条产线，缺焊工、电工约40人，请协助对接职业院校和人力资源市场。'
// A small PDF (the server sniffs the type by content).
const pdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n')
let caseId

/** Problems except the HTTP errors a test provokes and the request it aborts on purpose. */
const clean = (problems, statuses = []) => unexpected(problems, statuses).filter((p) => !p.includes('ERR_FAILED'))

/** Clicks an action button of the case page, fills its dialog when it opens, and waits for the new state. */
async function act(page, action, { reason, rating } = {}) {
  await page.click(`[data-test=action-${action}]`)
  const dialog = page.locator('.el-dialog', { has: page.locator('[data-test=action-submit]') })
  if (reason !== undefined || rating !== undefined) {
    await dialog.waitFor()
    if (rating) await dialog.locator('[data-test=action-rating] .el-rate__item').nth(rating - 1).click()
    if (reason !== undefined) await dialog.locator('#zx-desk-reason').fill(reason)
    await dialog.locator('[data-test=action-submit]').click()
    await dialog.waitFor({ state: 'hidden' })
  }
  await page.locator('.el-message--success').last().waitFor()
}

test('the enterprise reports a problem; a retry after a lost answer makes no second case', async () => {
  const ent = await apiAs('enterprise')
  const { page, problems, context } = await newPage(browser)
  await login(page, 'enterprise', acc.enterprise.password, { to: '/desk/report' })
  await page.locator('[data-test=report-form]').waitFor()
  // 用工 is the first category; pick it explicitly anyway.
  await page.click('[data-test=report-category]')
  await page.locator('.el-select-dropdown__item', { hasText: '用工' }).click()
  await page.fill('#zx-desk-title', title)
  await page.fill('#zx-desk-description', description)
  await page.setInputFiles('[data-test=report-files]', { name: '用工需求.pdf', mimeType: 'application/pdf', buffer: pdf })
  await page.locator('[data-test=report-file-list]', { hasText: '用工需求.pdf' }).waitFor()

  // The first send reaches the server, which makes the case, but its answer is lost on the way back.
  const keys = []
  let dropped = false
  await page.route('**/api/desk/cases', async (route) => {
    keys.push(route.request().headers()['idempotency-key'])
    if (dropped) return route.continue()
    dropped = true
    await route.fetch() // the server made the case
    await route.abort('failed') // and the browser never hears of it
  })
  await page.click('[data-test=report-submit]')
  await page.locator('[data-test=report-error]').waitFor()
  // The user sends again (double click included): the same key, so the server answers with the same case.
  await page.dblclick('[data-test=report-submit]')
  await page.locator('[data-test=report-done]').waitFor()
  await page.unroute('**/api/desk/cases')
  assert.ok(keys.length >= 2, 'sent twice')
  assert.ok(keys.every((k) => k && k === keys[0]), `one Idempotency-Key for the form fill: ${keys.join(', ')}`)
  assert.match(keys[0], /^[\x21-\x7e]{8,128}$/)

  const mine = (await ent.get(`/api/desk/cases?q=${encodeURIComponent(title)}`)).body
  assert.equal(mine.total, 1, 'exactly one case for the two sends')
  const c = mine.items[0]
  caseId = c.id
  assert.equal(c.category, 'labor')
  assert.equal(c.lead_department, LEAD, 'routed to the lead department of 用工')
  assert.equal(c.status, 'dispatched', 'dispatched the moment it was submitted')
  await page.locator('[data-test=report-done]', { hasText: `${caseId}` }).waitFor()

  // The case page: fields, the attachment, the clocks in Beijing time, the history.
  await page.click('[data-test=report-open]')
  await page.waitForURL(new RegExp(`/desk/cases/${caseId}$`))
  await page.locator('[data-test=case-status]', { hasText: '已派单' }).waitFor()
  await page.locator('[data-test=case-lead]', { hasText: LEAD }).waitFor()
  const detail = (await ent.get(`/api/desk/cases/${caseId}`)).body
  assert.equal(detail.attachments.length, 1)
  const link = page.locator('[data-test=case-attachments] a', { hasText: '用工需求.pdf' })
  assert.equal(await link.getAttribute('href'), `/api/desk/cases/${caseId}/attachments/${detail.attachments[0].sha256}`)
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()])
  assert.equal(Buffer.compare(await readAll(await download.createReadStream()), pdf), 0, 'the attachment downloads byte for byte')
  await page.locator('[data-test=clock-response] .el-progress').waitFor()
  await page.locator('[data-test=clock-resolution]').waitFor()
  assert.equal(await page.locator('[data-test=case-timeline] .el-timeline-item').count(), detail.events.length)
  await shot(page, 'enterprise-desk-case')
  assert.deepEqual(clean(problems), [], problems.join('\n'))
  await context.close()
})

async function readAll(stream) {
  const chunks = []
  for await (const c of stream) chunks.push(c)
  return Buffer.concat(chunks)
}

test('the lead department finds the case in 任务清单, accepts it and replies', async () => {
  assert.ok(caseId)
  const dept = await apiAs('hrss')
  const { page, problems, context } = await newPage(browser)
  await login(page, 'hrss', acc.hrss.password, { to: '/tasks' })
  // The bell: the lead department was notified on dispatch.
  await page.locator('[data-test=desk-bell]').waitFor()
  const notes = (await dept.get('/api/desk/notifications')).body
  assert.ok(notes.items.some((n) => n.case_id === caseId), 'hrss is notified of the dispatch')
  if (notes.unread > 0) await page.locator('[data-test=desk-bell-count] .el-badge__content', { hasText: String(Math.min(notes.unread, 99)) }).waitFor()
  const row = page.locator('.el-table__body tr', { hasText: title })
  await row.waitFor()
  await row.locator('a', { hasText: title }).click()
  await page.waitForURL(new RegExp(`/desk/cases/${caseId}$`))
  await page.locator('[data-test=case-status]', { hasText: '已派单' }).waitFor()
  await act(page, 'accept')
  await page.locator('[data-test=case-status]', { hasText: '已受理' }).waitFor()
  // Some workflows start work before a reply: take the step when the server offers it.
  if (await page.locator('[data-test=action-start]').count()) {
    await act(page, 'start')
    await page.locator('[data-test=case-status]', { hasText: '办理中' }).waitFor()
  }
  const reply = '已联系南宁技师学院和市人力资源市场，下周三举办专场招聘会，届时安排40个岗位对接。'
  await act(page, 'reply', { reason: reply })
  await page.locator('[data-test=case-status]', { hasText: '已答复' }).waitFor()
  await page.locator('[data-test=case-timeline]', { hasText: reply }).waitFor()
  const c = (await dept.get(`/api/desk/cases/${caseId}`)).body
  assert.equal(c.status, 'replied')
  assert.ok(c.responded_at && c.resolved_at)
  assert.ok(c.events.some((e) => e.action === 'reply' && e.reason === reply))
  await settle(page)
  assert.deepEqual(clean(problems), [], problems.join('\n'))
  await context.close()
})

test('the enterprise, told by the bell, confirms the reply with a rating of 5', async () => {
  assert.ok(caseId)
  const ent = await apiAs('enterprise')
  const { page, problems, context } = await newPage(browser)
  await login(page, 'enterprise', acc.enterprise.password, { to: '/desk/cases' })
  const notes = (await ent.get('/api/desk/notifications')).body
  const note = notes.items.find((n) => n.case_id === caseId && !n.read)
  assert.ok(note, 'the reporter is notified of the reply')
  await page.locator('[data-test=desk-bell-count] .el-badge__content').waitFor()
  await page.click('[data-test=desk-bell]')
  await page.locator('[data-test=desk-bell-list] li.unread', { hasText: `#${caseId}` }).first().click()
  await page.waitForURL(new RegExp(`/desk/cases/${caseId}$`))
  await page.locator('[data-test=case-status]', { hasText: '已答复' }).waitFor()
  assert.equal((await ent.get('/api/desk/notifications')).body.items.find((n) => n.id === note.id).read, true, 'opening it marks it read')
  await act(page, 'confirm', { rating: 5 })
  await page.locator('[data-test=case-status]', { hasText: '已办结' }).waitFor()
  await page.locator('[data-test=case-rating]').waitFor()
  const c = (await ent.get(`/api/desk/cases/${caseId}`)).body
  assert.equal(c.status, 'closed')
  assert.equal(c.rating, 5)
  assert.ok(['met', 'missed'].includes(c.sla_state))
  await page.locator(`[data-test=case-sla][data-sla=${c.sla_state}]`).waitFor()
  // The same page in English.
  await page.click('[data-test=lang]')
  await page.locator('[data-test=case-status]', { hasText: 'Closed' }).waitFor()
  await settle(page)
  assert.deepEqual(clean(problems), [], problems.join('\n'))
  await context.close()
})

test("the province's KPI page counts the case, and its figure opens the case", async () => {
  assert.ok(caseId)
  const gxt = await apiAs('gxt_admin')
  const { page, problems, context } = await newPage(browser)
  // The page and the API over the same Beijing dates of submission: the last 90 days up to today.
  const bj = (days) => new Date(Date.now() + 8 * 3600e3 + days * 86400e3).toISOString().slice(0, 10)
  const range = `from=${bj(-89)}&to=${bj(0)}`
  await login(page, 'gxt_admin', acc.gxt_admin.password, { to: `/desk/kpi?group=category&${range}` })
  await settle(page)
  const kpi = (await gxt.get(`/api/desk/kpi?group=category&${range}`)).body
  const rows = kpi.rows ?? kpi.items
  const labor = rows.find((r) => r.key === 'labor')
  assert.ok(labor && labor.cases >= 1 && labor.rated >= 1 && labor.satisfied >= 1, JSON.stringify(labor))
  const cell = page.locator('[data-test=kpi-cases-labor]')
  assert.equal((await cell.textContent()).trim(), String(labor.cases), 'the page shows the API figure')
  await cell.click()
  await page.locator(`[data-test=kpi-cases] [data-test=kpi-case-${caseId}]`).waitFor()
  const ids = (await gxt.get(`/api/desk/kpi/cases?group=category&key=labor&metric=cases&${range}`)).body
  assert.ok(JSON.stringify(ids).includes(String(caseId)), 'the API lists the case behind the figure')
  await page.locator('.el-dialog__headerbtn').last().click()
  // Satisfied (rating 5) counts it too.
  await page.click('[data-test=kpi-satisfied-labor]')
  await page.locator(`[data-test=kpi-cases] [data-test=kpi-case-${caseId}]`).click()
  await page.waitForURL(new RegExp(`/desk/cases/${caseId}$`))
  await page.locator('[data-test=case-status]', { hasText: '已办结' }).waitFor()
  // The weekly trend is drawn.
  await page.goto(BASE + '/desk/kpi?group=week')
  await settle(page, 800)
  assert.equal(await page.locator('.zx-chart canvas').count() > 0, true)
  await shot(page, 'province-desk-kpi')
  assert.deepEqual(clean(problems), [], problems.join('\n'))
  await context.close()
})
