// An award run through its lifecycle by three province users (separation of duties): created by
// gxt_admin after confirming the unverified months, reviewed by gxt_reviewer, approved by gxt_approver,
// publicized and disbursed by any province user; each refusal shows the server's message; the 公示 XLSX, downloaded in the browser under its
// Chinese name, has exactly the rows the API gives. A city's export holds only its city.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import readXlsxFile from 'read-excel-file/node'
import { accounts, allPages, apiAs, BASE, confirmBox, launch, login, newPage, settle, shot, unexpected } from './helpers.mjs'

let browser
const acc = accounts()
let runId
before(async () => (browser = await launch()))
after(async () => browser?.close())

async function statusIs(page, zh) {
  await page.locator('[data-test=run-status]', { hasText: zh }).waitFor({ timeout: 15000 })
}

/** The XLSX's data rows (after the title, basis and header rows; without the total row). */
async function xlsxRows(file) {
  const rows = await readXlsxFile(file)
  const header = rows.findIndex((r) => r[0] === '序号')
  assert.ok(header >= 0, 'header row')
  const data = rows.slice(header + 1).filter((r) => typeof r[0] === 'number')
  const total = rows.find((r) => r[0] === '合计')
  return { data, total }
}

/** What the API says the notice list holds: one line per enterprise and clause with an award. */
async function expectedRows(client, id, city = '') {
  const run = (await client.get(`/api/runs/${id}`)).body
  const titles = Object.fromEntries((run.summary.by_clause ?? []).map((c) => [c.clause, c.title]))
  const rows = await allPages(client, `/api/runs/${id}/rows?eligible=true${city ? `&city=${encodeURIComponent(city)}` : ''}`)
  const sums = new Map()
  for (const r of rows) {
    const k = `${r.uscc}|${r.clause}`
    sums.set(k, { uscc: r.uscc, name: r.name, city: r.city, clause: r.clause, yuan: (sums.get(k)?.yuan ?? 0) + r.amount_yuan })
  }
  return { titles, lines: [...sums.values()].filter((s) => s.yuan > 0) }
}

function compareXlsx(data, expected, titles) {
  const got = data.map((r) => `${r[2]}|${r[3]}|${r[4]}|${Math.round(r[5] * 10000)}`).sort()
  const want = expected.map((e) => `${e.uscc}|${e.city}|${titles[e.clause] ?? e.clause}|${e.yuan}`).sort()
  assert.equal(got.length, want.length, 'row count')
  assert.deepEqual(got, want)
}

test('the creator confirms the unverified months, drafts a run and cannot review it', async () => {
  // What the server says is pending (POST without confirm_pending creates nothing: 409 unverified_data).
  const admin = await apiAs('gxt_admin')
  const refused = await admin.post('/api/runs', { policy: 'guangxi-2023', notice_days: 0 })
  assert.equal(refused.status, 409)
  const { pending_enterprises: ents, pending_months: months } = refused.body.error.details
  assert.ok(ents > 0 && months > 0, 'the demo has unverified months')
  const before = (await admin.get('/api/runs')).body.items.length

  const { page, problems, context } = await newPage(browser)
  await login(page, 'gxt_admin', acc.gxt_admin.password, { to: '/runs' })
  await page.waitForURL(/\/runs$/)
  await page.click('[data-test=new-run]')
  await page.locator('[data-test=run-notice] input').fill('0')
  await page.fill('#zx-budget', '')
  await shot(page, 'province-run-create')
  await page.click('[data-test=run-create]')
  // The confirmation names the server's counts; cancelling it creates nothing.
  const box = page.locator('.el-message-box')
  await box.getByText(`尚有${ents}家企业${months}个月产值未核定，计算将不含这些月份，是否继续？`).waitFor()
  await box.locator('.el-message-box__btns .el-button:not(.el-button--primary)').click()
  await box.waitFor({ state: 'hidden' })
  assert.equal((await admin.get('/api/runs')).body.items.length, before, 'nothing created when cancelled')
  await page.click('[data-test=run-create]')
  await confirmBox(page)
  await page.waitForURL(/\/runs\/\d+$/)
  runId = Number(new URL(page.url()).pathname.split('/').pop())
  await statusIs(page, '草稿')
  await page.locator('[data-test=run-pending]', { hasText: `${ents} 家企业 ${months} 个月产值未核定` }).waitFor()
  // Separation of duties: the server refuses the creator's review; the page shows its message.
  await page.click('[data-test=step-reviewed]')
  await page.locator('.el-message--error', { hasText: '发起人不能复核' }).waitFor()
  await statusIs(page, '草稿')
  assert.deepEqual(unexpected(problems, [403, 409]), [])
  await context.close()
})

test('the reviewer reviews and cannot approve; the approver approves', async () => {
  assert.ok(runId, 'the run of the previous test')
  const { page, problems, context } = await newPage(browser)
  await login(page, 'gxt_reviewer', acc.gxt_reviewer.password, { to: `/runs/${runId}` })
  await statusIs(page, '草稿')
  await page.click('[data-test=step-reviewed]')
  await statusIs(page, '已复核')
  await page.click('[data-test=step-approved]')
  await confirmBox(page)
  await page.locator('.el-message--error', { hasText: '复核人不能再审批' }).waitFor()
  await statusIs(page, '已复核')
  assert.deepEqual(unexpected(problems, [403]), [])
  await context.close()

  const second = await newPage(browser)
  await login(second.page, 'gxt_approver', acc.gxt_approver.password, { to: `/runs/${runId}` })
  await statusIs(second.page, '已复核')
  await second.page.click('[data-test=step-approved]')
  await confirmBox(second.page)
  await statusIs(second.page, '已审批')
  // The history names each step's user.
  const history = second.page.locator('[data-test=run-history]')
  await history.getByText('自治区工信厅 复核人').waitFor()
  await history.getByText('自治区工信厅 审批人').waitFor()
  assert.deepEqual(unexpected(second.problems), [])
  await second.context.close()
})

test('a province user publicizes, exports the 公示 list and disburses; the run shows its ledger', async () => {
  assert.ok(runId, 'the run of the previous test')
  const { page, problems, context } = await newPage(browser)
  await login(page, 'gxt_admin', acc.gxt_admin.password, { to: `/runs/${runId}` })
  await statusIs(page, '已审批')
  await page.click('[data-test=step-publicized]')
  await confirmBox(page)
  await statusIs(page, '公示中')
  await settle(page)
  await shot(page, 'province-run-publicized')

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-test=export-xlsx]')])
  assert.equal(download.suggestedFilename(), '2023年奖励公示名单（全区）.xlsx')
  const file = join(process.env.ZX_TMP ?? '/tmp', `run-${runId}.xlsx`)
  await download.saveAs(file)
  const { data, total } = await xlsxRows(file)
  const api = await apiAs('gxt_reviewer')
  const { titles, lines } = await expectedRows(api, runId)
  compareXlsx(data, lines, titles)
  const run = (await api.get(`/api/runs/${runId}`)).body
  assert.equal(Math.round(total[5] * 10000), run.total_yuan)

  await page.click('[data-test=step-disbursed]')
  await confirmBox(page)
  await statusIs(page, '已拨付')
  const ledger = (await api.get(`/api/runs/${runId}/ledger?page=1&page_size=20`)).body
  // The first disbursal of the demo writes awards (a later one with the same data only differences).
  const section = page.locator('[data-test=run-ledger]')
  await section.locator('.el-pagination__total', { hasText: `${ledger.total}` }).waitFor()
  if (ledger.total > 0) {
    await section.getByText(ledger.items[0].name).first().waitFor()
    assert.equal(await section.locator('.el-table__body tr').count(), Math.min(20, ledger.total))
  }
  assert.deepEqual(unexpected(problems), [])
  await context.close()
})

test("a city's export is named after the city and holds only its enterprises", async () => {
  assert.ok(runId)
  const { page, problems, context } = await newPage(browser)
  await login(page, 'nanning', acc.nanning.password, { to: `/runs/${runId}` })
  await statusIs(page, '已拨付')
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-test=export-xlsx]')])
  assert.equal(download.suggestedFilename(), '2023年奖励公示名单（南宁市）.xlsx')
  const file = join(process.env.ZX_TMP ?? '/tmp', `run-${runId}-nanning.xlsx`)
  await download.saveAs(file)
  const { data } = await xlsxRows(file)
  assert.ok(data.length > 0)
  assert.ok(data.every((r) => r[3] === '南宁市'))
  const api = await apiAs('gxt_admin')
  const { titles, lines } = await expectedRows(api, runId, '南宁市')
  compareXlsx(data, lines, titles)
  await shot(page, 'city-run-detail')
  // Once publicized or disbursed, the city's dashboard shows its share of the province's total, exact.
  const own = await apiAs('nanning')
  const latest = (await own.get('/api/runs')).body.items.filter((r) => ['publicized', 'disbursed'].includes(r.status)).sort((a, b) => b.id - a.id)[0]
  const mine = BigInt(latest.summary.by_city.find((c) => c.city === '南宁市').tally.total_yuan)
  const hundredths = (mine * 20000n + BigInt(latest.province_total_yuan)) / (2n * BigInt(latest.province_total_yuan))
  await page.goto(BASE + '/')
  await page.locator('[data-test=city-share]', { hasText: `#${latest.id}` }).waitFor()
  assert.equal((await page.locator('[data-test=city-share-value]').textContent()).trim(), `${hundredths / 100n}.${String(hundredths % 100n).padStart(2, '0')}%`)
  assert.deepEqual(unexpected(problems), [])
  await context.close()
})

test('after publicity the enterprise sees the run, and its own result or that it has none', async () => {
  const ent = await apiAs('enterprise')
  const runs = (await ent.get('/api/runs')).body.items
  assert.ok(runs.some((r) => r.id === runId), 'a disbursed run is visible to enterprises')
  const mine = (await ent.get(`/api/runs/${runId}/rows?page_size=1`)).body.total
  const { page, problems, context } = await newPage(browser)
  await login(page, 'enterprise', acc.enterprise.password)
  await settle(page)
  await page.locator('.zx-card', { hasText: `依据批次 #${runId}` }).or(page.getByText('该批次中没有贵企业的记录')).first().waitFor()
  if (mine > 0) assert.equal(await page.locator('.el-collapse-item').count() > 0, true)
  else assert.equal(await page.getByText('该批次中没有贵企业的记录').count(), 1)
  await shot(page, 'enterprise-home-after-publicity')
  assert.equal(await page.locator('.el-result').count(), 0)
  assert.deepEqual(unexpected(problems), [])
  await context.close()
})

test('two runs are compared from the list', async () => {
  assert.ok(runId)
  const { page, problems, context } = await newPage(browser)
  await login(page, 'auditor', acc.auditor.password, { to: '/runs' })
  await page.waitForURL(/\/runs$/)
  await settle(page)
  await page.getByRole('checkbox', { name: '比较批次1', exact: true }).locator('xpath=..').click() // the box Element Plus draws over the real input
  await page.getByRole('checkbox', { name: `比较批次${runId}`, exact: true }).locator('xpath=..').click() // the box Element Plus draws over the real input
  await page.click('[data-test=compare]')
  await page.waitForURL(new RegExp(`/runs/1/compare/${runId}$`))
  await page.locator('h1', { hasText: `#1 与 #${runId} 的差异` }).waitFor()
  await settle(page)
  // The server pages the changed rows and gives the totals by city and clause (the city verified
  // more months in between, so there usually are differences).
  const api = await apiAs('auditor')
  const cmp = (await api.get(`/api/runs/1/compare/${runId}?page=1&page_size=20`)).body
  await page.locator('.el-pagination__total', { hasText: `${cmp.total}` }).waitFor()
  assert.equal(await page.locator('[data-test=compare-by-city] .el-table__body tr').count(), cmp.by_city.length)
  assert.equal(await page.locator('[data-test=compare-by-clause] .el-table__body tr').count(), cmp.by_clause.length)
  const changed = cmp.by_clause.reduce((s, c) => s + c.changed_rows, 0)
  await page.locator('[data-test=compare-summary]', { hasText: `不同的行 ${changed}` }).waitFor()
  if (cmp.total === 0) await page.getByText('两个批次的结果完全相同').waitFor()
  else {
    await page.locator('.zx-card > .el-table .el-table__body, .el-table__body', { hasText: cmp.items[0].name }).first().waitFor()
    if (cmp.total > 10) {
      // Server paging: page 2 of 10 shows the server's page 2.
      const p2 = (await api.get(`/api/runs/1/compare/${runId}?page=2&page_size=10`)).body
      await page.goto(`${BASE}/runs/1/compare/${runId}?page=2&page_size=10`)
      await page.locator('.el-table__body', { hasText: p2.items[0].name }).first().waitFor()
    }
  }
  await shot(page, 'province-run-compare')
  assert.deepEqual(unexpected(problems), [])
  await context.close()
})

test('finance sees the ledger across runs, filtered by run and city, and exports it under a Chinese name', async () => {
  assert.ok(runId)
  const api = await apiAs('auditor')
  const all = (await api.get(`/api/ledger?run_id=${runId}&page=1&page_size=20`)).body
  const nanning = (await api.get(`/api/ledger?run_id=${runId}&city=${encodeURIComponent('南宁市')}&page=1&page_size=20`)).body
  const { page, problems, context } = await newPage(browser)
  await login(page, 'auditor', acc.auditor.password, { to: `/ledger?run_id=${runId}` })
  await page.waitForURL(/\/ledger/)
  await page.locator('.el-pagination__total', { hasText: `${all.total}` }).waitFor()
  if (all.total > 0) await page.locator('.el-table__body', { hasText: all.items[0].name }).waitFor()
  // The city filter (province scope) narrows it to what the API gives for that city.
  await page.locator('[data-test=ledger-city]').click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: '南宁市' }).click()
  await page.click('[data-test=ledger-search]')
  await page.waitForURL(/city=/)
  await page.locator('.el-pagination__total', { hasText: `${nanning.total}` }).waitFor()
  await settle(page)
  const cities = await page.$$eval('.el-table__body tr td:nth-child(4)', (tds) => tds.map((td) => td.textContent.trim()))
  assert.ok(cities.every((c) => c === '南宁市'))
  await shot(page, 'province-ledger')
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.click('[data-test=ledger-xlsx]')])
  assert.equal(xlsx.suggestedFilename(), '奖励台账（南宁市）.xlsx')
  const file = join(process.env.ZX_TMP ?? '/tmp', `ledger-${runId}.xlsx`)
  await xlsx.saveAs(file)
  assert.ok((await readXlsxFile(file)).length > 0)
  const [csv] = await Promise.all([page.waitForEvent('download'), page.click('[data-test=ledger-csv]')])
  assert.equal(csv.suggestedFilename(), '奖励台账（南宁市）.csv')
  assert.deepEqual(unexpected(problems), [])
  await context.close()
})

test('an enterprise without rows in the run is explained by the server\'s note and trace, not an error', async () => {
  const api = await apiAs('gxt_admin')
  const latest = (await api.get('/api/runs')).body.items.sort((a, b) => b.id - a.id)[0]
  let uscc
  for (let p = 1; !uscc && p <= 5; p++) {
    for (const e of (await api.get(`/api/enterprises?page=${p}&page_size=50`)).body.items) {
      if ((await api.get(`/api/runs/${latest.id}/rows?uscc=${e.uscc}&page_size=1`)).body.total === 0) {
        uscc = e.uscc
        break
      }
    }
  }
  assert.ok(uscc, 'an enterprise outside the run')
  const explained = (await api.get(`/api/runs/${latest.id}/explain/${uscc}`)).body
  assert.equal(explained.in_run, false)
  const { page, problems, context } = await newPage(browser)
  await login(page, 'gxt_admin', acc.gxt_admin.password, { to: `/enterprises/${uscc}` })
  const trace = page.locator('[data-test=explain-trace]')
  await trace.waitFor()
  assert.equal((await trace.textContent()).trim(), explained.trace.trim())
  await page.getByText(explained.note).first().waitFor()
  assert.equal(await page.locator('.el-result').count(), 0)
  assert.deepEqual(unexpected(problems), [])
  await context.close()
})
