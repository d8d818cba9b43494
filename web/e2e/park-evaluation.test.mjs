// 亩均效益评价 (docs/park-evaluation.md), end to end: the province opens the evaluation list from the
// menu and the latest evaluation; the summary, the grade chart and the ranking table show the API's
// figures (the score strings as the server sends them); an enterprise's detail shows its
// explanation lines, in English too; the park map and the what-if panel answer what the API answers;
// a new evaluation is run from the list. The demo enterprise opens 我的亩均评价 and its own detail,
// and another enterprise's detail is refused.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { a11y, accounts, apiAs, BASE, confirmBox, launch, login, menuKeys, newPage, settle, shot, unexpected } from './helpers.mjs'

let browser
const acc = accounts()
before(async () => (browser = await launch()))
after(async () => browser?.close())

/** The text input of an Element Plus field: the data-test lands on the native input or on its wrapper. */
const input = (scope, test) => scope.locator(`[data-test=${test}]`).locator('xpath=self::input | .//input').first()

const CITIES = ['南宁市', '柳州市', '桂林市', '梧州市', '北海市', '防城港市', '钦州市', '贵港市', '玉林市', '百色市', '贺州市', '河池市', '来宾市', '崇左市']

/**
 * When the server has no 亩均 data (a demo without it), a small data set over demo enterprises: two parks
 * per city, one parcel each, and the year's figures, uploaded through PUT /api/parks/data/{table}.
 */
async function uploadDemoData(year) {
  const login = await fetch(BASE + '/api/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'gxt_admin', password: acc.gxt_admin.password, bearer: true }),
  }).then((r) => r.json())
  const put = async (table, csv) => {
    const r = await fetch(`${BASE}/api/parks/data/${table}?name=${table}.csv`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${login.token}`, 'Content-Type': 'text/csv; charset=utf-8' },
      body: csv,
    })
    assert.equal(r.status, 200, `PUT ${table}: ${await r.text()}`)
  }
  const gxt = await apiAs('gxt_admin')
  const ents = []
  for (const city of CITIES) {
    const r = await gxt.get(`/api/enterprises?city=${encodeURIComponent(city)}&page=1&page_size=12`)
    ents.push(...r.body.items)
  }
  const own = (await apiAs('enterprise')).user.uscc
  if (!ents.some((e) => e.uscc === own)) ents.push({ uscc: own, city: '南宁市' })
  const parks = CITIES.flatMap((c, i) => [0, 1].map((k) => `GX${String(i).padStart(2, '0')}${k},${c.replace('市', '')}${k ? '工业园区' : '高新技术产业开发区'},${c},${k ? '自治区级' : '国家级'},${3000 + 700 * ((i + k) % 6)}.00`))
  await put('parks', 'park_id,name,city,level,area_mu\n' + parks.join('\n') + '\n')
  const land = ents.map((e, n) => `${e.uscc},P${String(n).padStart(5, '0')},${20 + (n % 37)}.50,${n % 4 ? 'owned' : 'leased'},GX${String(Math.max(0, CITIES.indexOf(e.city))).padStart(2, '0')}${n % 2}`)
  await put('land', 'uscc,parcel_id,area_mu,tenure,park_id\n' + land.join('\n') + '\n')
  const annual = ents.map((e, n) => `${e.uscc},${year},${(150000 + n * 7919) % 4000000}.00,${20000000 + n * 104729}.00,${3000000 + ((n * 15485863) % 9000000)}.00,${100 + (n % 53)}.0000,${30 + (n % 170)},${(n * 31337) % 900000}.00`)
  await put('annual', 'uscc,year,tax_yuan,revenue_yuan,value_added_yuan,energy_tce,employees,rd_yuan\n' + annual.join('\n') + '\n')
}

/** Scrolls the element to the top of the view (for the screenshots of a tab). */
const top = (page, selector) => page.locator(selector).evaluate((el) => el.scrollIntoView({ block: 'start' }))

/** The latest evaluation (the API's newest), making one when there is none. */
async function latestEvaluation(gxt) {
  let list = (await gxt.get('/api/parks/evaluations')).body
  assert.ok(Array.isArray(list?.items), `GET /api/parks/evaluations: ${JSON.stringify(list)}`)
  if (!list.items.length) {
    const schemes = (await gxt.get('/api/parks/schemes')).body
    const scheme = (Array.isArray(schemes) ? schemes : schemes.items).find((s) => s.id === 'guangxi-default')?.id ?? 'guangxi-default'
    const tables = (await gxt.get('/api/parks/data')).body?.tables ?? []
    if (!tables.some((t) => t.table === 'annual' && t.rows > 0)) await uploadDemoData(2023)
    const made = await gxt.post('/api/parks/evaluations', { scheme, year: 2023 })
    assert.equal(made.status, 201, `POST /api/parks/evaluations: ${JSON.stringify(made.body)}`)
    list = (await gxt.get('/api/parks/evaluations')).body
  }
  return (await gxt.get(`/api/parks/evaluations/${list.items[0].id}`)).body
}

test('the province opens the latest evaluation: summary, grade chart, ranking and an enterprise explained', async () => {
  const gxt = await apiAs('gxt_admin')
  const ev = await latestEvaluation(gxt)
  const firstPage = (await gxt.get(`/api/parks/evaluations/${ev.id}/enterprises?page=1&page_size=20`)).body
  assert.ok(firstPage.items.length > 0, 'the latest evaluation ranks enterprises')

  const { page, problems, context } = await newPage(browser)
  await login(page, 'gxt_admin', acc.gxt_admin.password)
  assert.ok((await menuKeys(page)).includes('parks-evaluations'), 'the menu has 亩均效益评价')
  await page.click('.zx-menu [data-menu=parks-evaluations]')
  await page.waitForURL(/\/parks\/evaluations$/)
  const table = page.locator('[data-test=parks-evaluations]')
  await table.waitFor()
  // Newest first: the first row is the latest.
  assert.equal((await table.locator('.el-table__body tr').first().locator('a').first().textContent()).trim(), `#${ev.id}`)
  assert.deepEqual(await a11y(page), [], 'evaluation list: WCAG 2 AA (axe-core)')
  await shot(page, 'province-parks-evaluations')

  await table.locator(`[data-test=parks-evaluation-${ev.id}]`).click()
  await page.waitForURL(new RegExp(`/parks/evaluations/${ev.id}$`))
  await page.locator('[data-test=parks-summary]').waitFor()
  assert.equal((await page.textContent('[data-test=parks-rated]')).trim(), String(ev.rated))
  assert.equal((await page.textContent('[data-test=parks-exempt]')).trim(), String(ev.exempt))
  assert.equal((await page.textContent('[data-test=parks-missing]')).trim(), String(ev.missing.length))
  for (const [grade, n] of Object.entries(ev.grades)) {
    assert.equal((await page.textContent(`[data-test=parks-grade-${grade}]`)).trim(), `${grade} ${n}`, `grade ${grade}`)
  }
  // The grade distribution by city is drawn (a canvas inside the chart).
  await page.locator('[data-test=parks-city-chart] canvas').first().waitFor()
  assert.equal(await page.locator('[data-test=parks-benchmarks] .el-table__body tr').count(), ev.benchmarks.length)

  // The ranking: the API's first page, rank by rank, the score strings as sent.
  const rows = page.locator('[data-test=parks-ranking] .el-table__body-wrapper tr.el-table__row')
  await rows.first().waitFor()
  await settle(page)
  const first = firstPage.items[0]
  assert.ok((await page.locator(`[data-test=parks-ranking] [data-test="parks-ent-${first.uscc}"]`).count()) > 0, 'the first ranked enterprise is listed')
  const scores = await page.locator('[data-test=parks-ranking] [data-test=parks-score]').allTextContents()
  assert.deepEqual(
    scores.slice(0, firstPage.items.length).map((s) => s.trim()),
    firstPage.items.map((r) => r.score ?? '—'),
    'scores as the API sends them',
  )
  await shot(page, 'province-parks-evaluation')
  await top(page, '[data-test=parks-tabs]')
  await shot(page, 'province-parks-ranking')

  // A filter is the API's filter.
  const grade = Object.keys(ev.grades).find((g) => g !== 'T' && ev.grades[g] > 0)
  const filtered = (await gxt.get(`/api/parks/evaluations/${ev.id}/enterprises?grade=${grade}&page=1&page_size=20`)).body
  await page.goto(`${BASE}/parks/evaluations/${ev.id}?tab=ranking&grade=${grade}&page=1&page_size=20`)
  await page.locator('[data-test=parks-ranking] .el-pagination__total', { hasText: new RegExp(`(^|\\D)${filtered.total}(\\D|$)`) }).waitFor()
  const grades = await page.locator('[data-test=parks-ranking] [data-test=parks-row-grade]').allTextContents()
  assert.ok(grades.length > 0 && grades.every((g) => g.trim() === grade), `only grade ${grade}: ${grades.join(',')}`)

  // An enterprise: its grade, score and explanation lines.
  const detail = (await gxt.get(`/api/parks/evaluations/${ev.id}/enterprises/${first.uscc}`)).body
  await page.goto(`${BASE}/parks/evaluations/${ev.id}`)
  await page.locator(`[data-test=parks-ranking] [data-test="parks-ent-${first.uscc}"]`).first().click()
  await page.waitForURL(new RegExp(`/parks/evaluations/${ev.id}/enterprises/${first.uscc}$`))
  await page.locator('[data-test=parks-enterprise]').waitFor()
  assert.equal((await page.textContent('[data-test=parks-ent-score]')).trim(), detail.row.score ?? '—')
  assert.equal((await page.textContent('[data-test=parks-ent-rank]')).trim(), String(detail.row.rank ?? '—'))
  assert.ok(detail.lines.length > 0, 'the API explains the grade')
  const lines = page.locator('[data-test=parks-ent-lines] li')
  assert.equal(await lines.count(), detail.lines.length)
  assert.equal((await lines.first().textContent()).trim(), detail.lines[0].zh.trim())
  assert.deepEqual(await a11y(page), [], 'enterprise detail: WCAG 2 AA (axe-core)')
  await shot(page, 'province-parks-enterprise')
  // In English, the English lines.
  await page.click('[data-test=lang]')
  await page.locator('[data-test=parks-ent-lines] li', { hasText: detail.lines[0].en.trim().slice(0, 20) }).first().waitFor()
  await page.click('[data-test=lang]')
  await page.locator('[data-test=parks-ent-lines] li', { hasText: detail.lines[0].zh.trim().slice(0, 10) }).first().waitFor()

  assert.deepEqual(unexpected(problems), [], problems.join('\n'))
  await context.close()
})

test('the park map, the sensitivity list and the what-if panel show what the API answers', async () => {
  const gxt = await apiAs('gxt_admin')
  const ev = await latestEvaluation(gxt)
  const { page, problems, context } = await newPage(browser)
  await login(page, 'gxt_admin', acc.gxt_admin.password, { to: `/parks/evaluations/${ev.id}?tab=map` })
  const parks = (await gxt.get(`/api/parks/evaluations/${ev.id}/parks`)).body.items
  if (parks.length) {
    await page.locator('[data-test=parks-map] canvas').first().waitFor()
    await top(page, '[data-test=parks-tabs]')
    await shot(page, 'province-parks-map')
    await page.goto(`${BASE}/parks/evaluations/${ev.id}?tab=parks`)
    await page.locator('[data-test=parks-park-ranking] .el-table__body tr.el-table__row').first().waitFor()
    assert.equal(await page.locator('[data-test=parks-park-ranking] .el-table__body tr.el-table__row').count(), parks.length)
  }

  const sens = (await gxt.get(`/api/parks/evaluations/${ev.id}/sensitivity`)).body.items
  await page.goto(`${BASE}/parks/evaluations/${ev.id}?tab=sensitivity`)
  await settle(page)
  if (sens.length) await page.locator('[data-test=parks-sensitivity] .el-table__body tr.el-table__row').first().waitFor()
  else await page.locator('.el-empty').first().waitFor()

  // What-if: tax per mu weighted higher; the page's counts are the API's for the same body.
  await page.goto(`${BASE}/parks/evaluations/${ev.id}?tab=whatif`)
  const form = page.locator('[data-test=parks-whatif]')
  await form.waitFor()
  const ind = ev.indicators[0]
  const body = { weights: Object.fromEntries(ev.indicators.map((i) => [i.id, i.id === ind.id ? String(Number(i.weight) + 10) : String(i.weight)])) }
  await input(form, `parks-weight-${ind.id}`).fill(body.weights[ind.id])
  const sent = page.waitForRequest((r) => r.url().endsWith(`/api/parks/evaluations/${ev.id}/what-if`) && r.method() === 'POST')
  await form.locator('[data-test=parks-whatif-run]').click()
  const request = JSON.parse((await sent).postData())
  assert.deepEqual(request.weights, body.weights)
  const expected = (await gxt.post(`/api/parks/evaluations/${ev.id}/what-if`, request)).body
  const grid = page.locator('[data-test=parks-whatif-grades]')
  await grid.locator('.el-table__body tr.el-table__row').first().waitFor()
  // grade | this evaluation | what if | change
  const shown = {}
  for (const tr of await grid.locator('.el-table__body tr.el-table__row').all()) {
    const cells = (await tr.locator('td').allTextContents()).map((c) => c.trim())
    shown[cells[0]] = cells[2]
  }
  for (const [grade, n] of Object.entries(expected.grades)) assert.equal(shown[grade], String(n), `what-if grade ${grade}`)
  await page.locator('[data-test=parks-whatif-moved]').waitFor()
  await top(page, '[data-test=parks-tabs]')
  await shot(page, 'province-parks-whatif')
  assert.deepEqual(unexpected(problems), [], problems.join('\n'))
  await context.close()
})

test('the province runs an evaluation from the list', async () => {
  const gxt = await apiAs('gxt_admin')
  const ev = await latestEvaluation(gxt)
  const { page, problems, context } = await newPage(browser)
  await login(page, 'gxt_admin', acc.gxt_admin.password, { to: '/parks/evaluations' })
  await page.click('[data-test=parks-run]')
  const dialog = page.locator('.el-dialog', { has: page.locator('[data-test=parks-run-submit]') })
  await dialog.waitFor()
  // The latest evaluation's scheme and year.
  await dialog.locator('[data-test=parks-run-scheme]').click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: ev.scheme_name }).first().click()
  await input(dialog, 'parks-run-year').fill(String(ev.year))
  await input(dialog, 'parks-run-year').press('Tab')
  await dialog.locator('[data-test=parks-run-submit]').click()
  await page.waitForURL((u) => /\/parks\/evaluations\/\d+$/.test(u.pathname) && !u.pathname.endsWith(`/${ev.id}`), { timeout: 60000 })
  const id = Number(new URL(page.url()).pathname.split('/').pop())
  assert.ok(id > ev.id, `a new evaluation (${id} after ${ev.id})`)
  const made = (await gxt.get(`/api/parks/evaluations/${id}`)).body
  assert.equal(made.year, ev.year)
  assert.equal(made.scheme, ev.scheme)
  await page.locator('[data-test=parks-rated]', { hasText: String(made.rated) }).waitFor()
  // A draft; its creator may not review it (three people): the server's refusal is shown.
  if (made.status) {
    await page.locator('[data-test=parks-status]', { hasText: '草稿' }).waitFor()
    await page.click('[data-test=parks-step-reviewed]')
    await confirmBox(page)
    await page.locator('.el-message--error').waitFor()
    assert.equal((await gxt.get(`/api/parks/evaluations/${id}`)).body.status, 'draft')
  }
  assert.deepEqual(unexpected(problems, [403]), [], problems.join('\n'))
  await context.close()
})

test('the enterprise sees 我的亩均评价 and its own detail, and not another enterprise', async () => {
  const ent = await apiAs('enterprise')
  const mine = (await ent.get('/api/parks/mine')).body.items
  const { page, problems, context } = await newPage(browser)
  await login(page, 'enterprise', acc.enterprise.password)
  const menu = await menuKeys(page)
  assert.ok(menu.includes('parks-mine'), 'the menu has 我的亩均评价')
  assert.ok(!menu.includes('parks-evaluations'), 'but not the evaluation list')
  await page.click('.zx-menu [data-menu=parks-mine]')
  await page.waitForURL(/\/parks\/mine$/)
  await settle(page)
  assert.deepEqual(await a11y(page), [], '我的亩均评价: WCAG 2 AA (axe-core)')
  await shot(page, 'enterprise-parks-mine')
  const statuses = []
  if (mine.length) {
    await page.locator('[data-test=parks-mine] .el-table__body tr.el-table__row').first().waitFor()
    assert.equal(await page.locator('[data-test=parks-mine] .el-table__body tr.el-table__row').count(), mine.length)
    await page.click('[data-test=parks-mine-open]')
    await page.waitForURL(new RegExp(`/parks/evaluations/\\d+/enterprises/${ent.user.uscc}$`))
    await page.locator('[data-test=parks-enterprise]').waitFor()
    const latest = [...mine].sort((a, b) => b.year - a.year || b.evaluation_id - a.evaluation_id)[0]
    assert.equal((await page.textContent('[data-test=parks-ent-score]')).trim(), latest.score ?? '—')
    await page.locator('[data-test=parks-ent-lines] li').first().waitFor()
    await shot(page, 'enterprise-parks-enterprise')

    // Another enterprise's figures: refused by the server, and the page shows no figures.
    const gxt = await apiAs('gxt_admin')
    const other = (await gxt.get(`/api/parks/evaluations/${latest.evaluation_id}/enterprises?page=1&page_size=5`)).body.items.find((r) => r.uscc !== ent.user.uscc)
    if (other) {
      const direct = await ent.get(`/api/parks/evaluations/${latest.evaluation_id}/enterprises/${other.uscc}`)
      assert.ok([403, 404].includes(direct.status), `the API refuses another enterprise: ${direct.status}`)
      statuses.push(direct.status)
      await page.goto(`${BASE}/parks/evaluations/${latest.evaluation_id}/enterprises/${other.uscc}`)
      await page.locator('.el-result').waitFor()
      assert.equal(await page.locator('[data-test=parks-enterprise]').count(), 0)
    }
  } else {
    await page.locator('.el-empty').first().waitFor()
  }
  assert.deepEqual(unexpected(problems, statuses), [], problems.join('\n'))
  await context.close()
})

test('during 公示 the enterprise objects to its land area and the province rejects the objection', async () => {
  const ent = await apiAs('enterprise')
  const mine = (await ent.get('/api/parks/mine')).body.items
  if (!mine.length) return // a server without 亩均 data in 公示
  const gxt = await apiAs('gxt_admin')
  let target = null
  for (const m of mine) {
    const ev = (await gxt.get(`/api/parks/evaluations/${m.evaluation_id}`)).body
    if (ev.status === 'publicized') { target = ev; break }
  }
  if (!target) return
  const detailUrl = `${BASE}/parks/evaluations/${target.id}/enterprises/${ent.user.uscc}`
  const before = (await ent.get(`/api/parks/evaluations/${target.id}/objections`)).body.items.length

  const { page, problems, context } = await newPage(browser)
  await login(page, 'enterprise', acc.enterprise.password)
  await page.goto(detailUrl)
  await page.locator('[data-test=parks-objection-form]').waitFor()
  await page.click('[data-test=parks-objection-clause]')
  await page.locator('.el-select-dropdown__item', { hasText: '用地面积' }).first().click()
  await page.fill('[data-test=parks-objection-text]', '登记的租赁地块面积与合同不符，请核实。')
  await page.click('[data-test=parks-objection-submit]')
  await page.locator('.el-message--success').first().waitFor()
  await page.locator('[data-test=parks-objection-list] .el-table__body tr.el-table__row', { hasText: '合同不符' }).waitFor()
  const after = (await ent.get(`/api/parks/evaluations/${target.id}/objections`)).body.items
  assert.equal(after.length, before + 1)
  const filed = after.find((o) => o.text.includes('合同不符'))
  assert.equal(filed.clause, 'land_mu')
  assert.equal(filed.status, 'open')
  await shot(page, 'enterprise-parks-objection')
  await context.close()

  // The province decides: rejected, with its reason shown to the enterprise.
  const p2 = await newPage(browser)
  await login(p2.page, 'gxt_admin', acc.gxt_admin.password, { to: `/parks/evaluations/${target.id}/enterprises/${ent.user.uscc}` })
  const row = p2.page.locator('[data-test=parks-objection-list] .el-table__body tr.el-table__row', { hasText: '合同不符' })
  await row.waitFor()
  await row.locator('[data-test=parks-objection-reject]').click()
  await p2.page.fill('.el-message-box input', '面积以不动产登记为准')
  await p2.page.click('.el-message-box__btns .el-button--primary')
  await p2.page.locator('.el-message--success').first().waitFor()
  const decided = (await ent.get(`/api/parks/evaluations/${target.id}/objections`)).body.items.find((o) => o.id === filed.id)
  assert.equal(decided.status, 'rejected')
  assert.equal(decided.decision_reason, '面积以不动产登记为准')
  assert.deepEqual(unexpected(problems, []), [], problems.join('\n'))
  assert.deepEqual(unexpected(p2.problems, []), [], p2.problems.join('\n'))
  await p2.context.close()
})
