// 监测调度 (docs/monitoring.md), end to end: the province opens 监测总览 from the menu and sees the 14
// cities and 全区 with the API's figures and the growth chart, opens a city, the top-500 list, the
// warnings and the key projects; a city (nanning) sees its own row and, before the month's 通报 is
// issued, not the other cities'; the province prepares and issues the 通报 and downloads its DOCX (a
// zip), after which the city sees the other cities as published.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { a11y, accounts, apiAs, BASE, confirmBox, launch, login, menuKeys, newPage, settle, shot, unexpected } from './helpers.mjs'

let browser
const acc = accounts()
before(async () => (browser = await launch()))
after(async () => browser?.close())

const CITIES = ['南宁市', '柳州市', '桂林市', '梧州市', '北海市', '防城港市', '钦州市', '贵港市', '玉林市', '百色市', '贺州市', '河池市', '来宾市', '崇左市']
/** The text input of an Element Plus field: the data-test lands on the native input or on its wrapper. */
const input = (scope, test) => scope.locator(`[data-test=${test}]`).locator('xpath=self::input | .//input').first()
const rows = (page, test) => page.locator(`[data-test=${test}] .el-table__body-wrapper tr.el-table__row`)
/** The month the city test and the bulletin test share: the latest whose 通报 is not issued yet. */
let month

async function pickMonth(gxt) {
  const months = (await gxt.get('/api/monitoring/months')).body
  assert.ok(months?.months?.length > 0, `GET /api/monitoring/months: ${JSON.stringify(months)}`)
  const issued = new Set(((await gxt.get('/api/monitoring/bulletins')).body?.items ?? []).filter((b) => b.status === 'issued').map((b) => b.month))
  const open = [...months.months].sort().reverse().find((m) => !issued.has(m))
  assert.ok(open, 'a month whose 通报 is not issued yet')
  return { latest: months.latest, open }
}

test('the province sees the city table, the chart, a city, the top-500 list, the warnings and the projects', async () => {
  const gxt = await apiAs('gxt_admin')
  const { latest } = await pickMonth(gxt)
  const table = (await gxt.get(`/api/monitoring/cities?month=${latest}`)).body
  assert.equal(table.rows.length, 14, 'the API sends the 14 cities')

  const { page, problems, context } = await newPage(browser)
  await login(page, 'gxt_admin', acc.gxt_admin.password)
  assert.ok((await menuKeys(page)).includes('monitoring-overview'), 'the menu has 监测总览')
  await page.goto(`${BASE}/monitoring`)
  const cities = rows(page, 'mon-cities')
  await cities.first().waitFor()
  assert.equal(await cities.count(), 15, '14 cities and 全区')
  assert.deepEqual(
    (await page.locator('[data-test=mon-cities] [data-test^=mon-city-link-]').allTextContents()).map((s) => s.trim()),
    table.rows.map((r) => r.city),
  )
  // Growth as the API sends it (the last row is 全区).
  const growth = (await page.locator('[data-test=mon-cities] [data-test=mon-growth]').allTextContents()).map((s) => s.trim())
  assert.deepEqual(growth, [...table.rows, table.total].map((r) => r.growth_pct ?? '—'))
  assert.equal((await page.textContent('[data-test=mon-cities] [data-test=mon-total-row]')).trim(), table.total.city || '全区')
  assert.equal((await page.textContent('[data-test=mon-period]')).trim(), `${latest.slice(0, 4)}年1—${Number(latest.slice(5))}月`)
  await page.locator('[data-test=mon-chart] canvas').first().waitFor()
  assert.equal(await page.locator('[data-test=mon-published-note]').count(), 0, 'no note for the province')
  assert.deepEqual(await a11y(page), [], '监测总览: WCAG 2 AA (axe-core)')
  await shot(page, 'monitoring-overview')

  // The industries tab: the API's rows.
  const industries = (await gxt.get(`/api/monitoring/industries?month=${latest}`)).body
  await page.click('[data-test=mon-tabs] #tab-industries')
  await page.waitForURL(/tab=industries/)
  if (industries.rows.length) {
    await rows(page, 'mon-industries').first().waitFor()
    assert.equal(await rows(page, 'mon-industries').count(), industries.rows.length)
  }

  // A city: its enterprises' contributions.
  await page.click('[data-test=mon-tabs] #tab-cities')
  const city = table.rows[0].city
  await page.click(`[data-test=mon-cities] [data-test="mon-city-link-${city}"]`)
  await page.waitForURL(new RegExp(`/monitoring/cities/${encodeURIComponent(city)}`))
  const ents = (await gxt.get(`/api/monitoring/cities/${encodeURIComponent(city)}/enterprises?month=${latest}&page=1&page_size=20`)).body
  assert.ok(ents.items.length > 0, `${city} has enterprises`)
  await rows(page, 'mon-city-enterprises').first().waitFor()
  assert.equal(await rows(page, 'mon-city-enterprises').count(), ents.items.length)
  const contributions = (await page.locator('[data-test=mon-city-enterprises] [data-test=mon-ent-contribution]').allTextContents()).map((s) => s.trim())
  assert.deepEqual(contributions, ents.items.map((e) => e.contribution_pp ?? '—'))

  // The top-500 list.
  const top = (await gxt.get(`/api/monitoring/top500?month=${latest}&page=1&page_size=20`)).body
  await page.click('.zx-menu [data-menu=monitoring-top500]')
  await page.waitForURL(/\/monitoring\/top500/)
  await rows(page, 'mon-top500').first().waitFor()
  assert.equal(await rows(page, 'mon-top500').count(), top.items.length)
  await page.locator(`[data-test=mon-top500] [data-test="mon-top-${top.items[0].uscc}"]`).waitFor()
  const flagged = top.items.find((r) => r.warnings.length)
  if (flagged) {
    const want = { red: '红色预警', orange: '橙色预警', yellow: '黄色预警', blue: '蓝色预警' }[flagged.warnings[0]]
    const tr = rows(page, 'mon-top500').filter({ has: page.locator(`[data-test="mon-top-${flagged.uscc}"]`) })
    assert.match(await tr.textContent(), new RegExp(want))
  }
  // A search is the API's search.
  const q = top.items[0].name
  await input(page, 'mon-top-q').fill(q)
  await page.click('[data-test=mon-top-search]')
  await page.waitForURL(/q=/)
  await settle(page)
  const found = (await gxt.get(`/api/monitoring/top500?month=${latest}&q=${encodeURIComponent(q)}&page=1&page_size=20`)).body
  assert.equal(await rows(page, 'mon-top500').count(), found.items.length)

  // The warnings: the counts and the list in the user's language.
  await page.click('.zx-menu [data-menu=monitoring-warnings]')
  await page.waitForURL(/\/monitoring\/warnings/)
  await page.locator('[data-test=mon-scan]').waitFor()
  let warnings = (await gxt.get(`/api/monitoring/warnings?month=${latest}&page=1&page_size=20`)).body
  if (!warnings.total) {
    await page.click('[data-test=mon-scan]')
    await confirmBox(page)
    await page.locator('.el-message--success').last().waitFor()
    warnings = (await gxt.get(`/api/monitoring/warnings?month=${latest}&page=1&page_size=20`)).body
  }
  await settle(page)
  for (const level of ['red', 'orange', 'yellow', 'blue']) {
    assert.match(await page.textContent(`[data-test=mon-count-${level}]`), new RegExp(`${warnings.counts[level] ?? 0}\\s*$`), `count ${level}`)
  }
  if (warnings.items.length) {
    await rows(page, 'mon-warnings').first().waitFor()
    const texts = (await page.locator('[data-test=mon-warnings] [data-test=mon-warning-text]').allTextContents()).map((s) => s.trim())
    assert.deepEqual(texts, warnings.items.map((w) => w.message_zh))
    const withCase = warnings.items.find((w) => w.case_id)
    assert.ok(withCase, 'a red or orange warning has opened a service desk case')
    // The case opens on the service desk's own page.
    await page.click(`[data-test=mon-warnings] [data-test=mon-case-${withCase.case_id}]`)
    await page.waitForURL(new RegExp(`/desk/cases/${withCase.case_id}$`))
    await settle(page)
    await page.goBack()
    await rows(page, 'mon-warnings').first().waitFor()
  }

  // The key projects: the summary by city and the list with its milestones.
  const projects = (await gxt.get('/api/monitoring/projects?page=1&page_size=20')).body
  await page.click('.zx-menu [data-menu=monitoring-projects]')
  await page.waitForURL(/\/monitoring\/projects/)
  await page.locator('[data-test=mon-projects-by-city]').waitFor()
  assert.equal(await rows(page, 'mon-projects-by-city').count(), projects.by_city.length)
  if (projects.items.length) {
    await rows(page, 'mon-projects').first().waitFor()
    assert.equal(await rows(page, 'mon-projects').count(), projects.items.length)
    const states = projects.items[0].milestones.map((m) => m.state)
    const tags = rows(page, 'mon-projects').first().locator('[data-test^=mon-ms-]')
    assert.deepEqual(await tags.evaluateAll((els) => els.map((e) => e.getAttribute('data-test').slice(7))), states)
  }
  assert.deepEqual(unexpected(problems), [], problems.join('\n'))
  await context.close()
})

test('a city sees its own row and, before the 通报 is issued, not the other cities', async () => {
  const gxt = await apiAs('gxt_admin')
  ;({ open: month } = await pickMonth(gxt))
  const nanning = await apiAs('nanning')
  const own = nanning.user.city || '南宁市'
  const table = (await nanning.get(`/api/monitoring/cities?month=${month}`)).body
  assert.equal(table.published, false)
  assert.deepEqual(table.rows.map((r) => r.city), [own], 'the API sends only its own row')

  const { page, problems, context } = await newPage(browser)
  await login(page, 'nanning', acc.nanning.password, { to: `/monitoring?month=${month}` })
  await page.locator('[data-test=mon-cities]').waitFor()
  await page.locator('[data-test=mon-published-note]').waitFor()
  assert.match(await page.textContent('[data-test=mon-published-note]'), /其他设区市数据以通报发布为准/)
  const links = (await page.locator('[data-test=mon-cities] [data-test^=mon-city-link-]').allTextContents()).map((s) => s.trim())
  assert.deepEqual(links, [own])
  assert.equal(await rows(page, 'mon-cities').count(), 1, 'its own row, no 全区 before the 通报')
  for (const other of CITIES.filter((c) => c !== own)) assert.equal(await page.locator(`[data-test="mon-city-link-${other}"]`).count(), 0, other)
  // Its own enterprises; another city's are refused by the server.
  await page.click(`[data-test="mon-city-link-${own}"]`)
  await rows(page, 'mon-city-enterprises').first().waitFor()
  const other = await nanning.get(`/api/monitoring/cities/${encodeURIComponent('柳州市')}/enterprises?month=${month}`)
  assert.ok([403, 404].includes(other.status), `another city's enterprises: ${other.status}`)
  // No province actions.
  await page.goto(`${BASE}/monitoring/warnings?month=${month}`)
  await page.locator('[data-test=mon-warnings]').waitFor()
  assert.equal(await page.locator('[data-test=mon-scan]').count(), 0)
  assert.ok((await menuKeys(page)).includes('monitoring-data'), 'the data page, for 核定 of its rows')
  assert.deepEqual(unexpected(problems), [], problems.join('\n'))
  await context.close()
})

test('the province prepares and issues the 通报 and downloads its DOCX; then the city sees the others', async () => {
  assert.ok(month, 'the month of the city test')
  const { page, problems, context } = await newPage(browser)
  await login(page, 'gxt_admin', acc.gxt_admin.password, { to: '/monitoring/bulletins' })
  await page.locator('[data-test=mon-bulletins]').waitFor()
  await page.click('[data-test=mon-prepare]')
  const dialog = page.locator('.el-dialog', { has: page.locator('[data-test=mon-prepare-submit]') })
  await dialog.waitFor()
  await dialog.locator('[data-test=mon-month]').click()
  await page.locator(`.el-select-dropdown [data-test=mon-month-${month}]`).click()
  await dialog.locator('[data-test=mon-prepare-submit]').click()
  await page.waitForURL(new RegExp(`/monitoring/bulletins/${month}$`))
  await page.locator('[data-test=mon-bulletin]').waitFor()
  assert.match(await page.textContent('[data-test=mon-bulletin-status]'), /草稿/)

  const gxt = await apiAs('gxt_admin')
  const bulletin = (await gxt.get(`/api/monitoring/bulletins/${month}`)).body
  assert.equal(bulletin.status, 'draft')
  assert.equal(await page.locator('[data-test=mon-highlights] li').count(), bulletin.highlights.length)
  assert.equal(await rows(page, 'mon-bulletin-cities').count(), bulletin.cities.length + (bulletin.total ? 1 : 0))
  await page.locator('[data-test=mon-bulletin-chart] canvas').first().waitFor()
  assert.equal(await rows(page, 'mon-bulletin-projects').count(), bulletin.projects.length)
  assert.equal(await rows(page, 'mon-bulletin-warnings').count(), bulletin.warnings.length)

  // Issue, confirmed in the box.
  await page.click('[data-test=mon-bulletin-issue]')
  await confirmBox(page)
  await page.locator('[data-test=mon-bulletin-status]', { hasText: '已印发' }).waitFor()
  assert.equal((await gxt.get(`/api/monitoring/bulletins/${month}`)).body.status, 'issued')
  // The screenshot without the success message.
  await page.reload()
  await page.locator('[data-test=mon-bulletin-chart] canvas').first().waitFor()
  await shot(page, 'monitoring-bulletin')

  // The DOCX through the session: a zip.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-test=mon-download-docx]')])
  assert.match(download.suggestedFilename(), /工业经济运行通报\.docx$/)
  const file = join(process.env.ZX_TMP ?? '/tmp', `bulletin-${month}.docx`)
  await download.saveAs(file)
  const bytes = await readFile(file)
  assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'the DOCX is a zip')
  assert.deepEqual(unexpected(problems), [], problems.join('\n'))
  await context.close()

  // The city now sees every city, as published.
  const nanning = await apiAs('nanning')
  const table = (await nanning.get(`/api/monitoring/cities?month=${month}`)).body
  assert.equal(table.published, true)
  const city = await newPage(browser)
  await login(city.page, 'nanning', acc.nanning.password, { to: `/monitoring?month=${month}` })
  await rows(city.page, 'mon-cities').first().waitFor()
  await settle(city.page)
  assert.equal(await rows(city.page, 'mon-cities').count(), table.rows.length + (table.total ? 1 : 0))
  assert.equal(await city.page.locator('[data-test=mon-published-note]').count(), 0)
  assert.deepEqual(unexpected(city.problems), [], city.problems.join('\n'))
  await city.context.close()
})

test('the data page lists the four tables; a refused upload shows its defects; the cities 核定 a good one', async () => {
  const gxt = await apiAs('gxt_admin')
  const tables = (await gxt.get('/api/monitoring/data')).body.tables
  const before = tables.find((t) => t.table === 'city_indicators').status
  const { page, problems, context } = await newPage(browser)
  await login(page, 'gxt_admin', acc.gxt_admin.password, { to: '/monitoring/data' })
  await rows(page, 'mon-data-tables').first().waitFor()
  assert.equal(await rows(page, 'mon-data-tables').count(), 4)
  for (const t of tables) assert.ok((await page.textContent(`[data-test=mon-data-status-${t.table}]`)).trim().length > 0, t.table)
  // A file with three defects on one line: refused whole, nothing pending.
  const csv = 'city,month,value_added_growth_pct,investment_growth_pct,special_bonds_issued_yuan,special_bonds_used_yuan,manufacturing_share_pct\n某市,2023-13,x,1,2,3,4\n'
  const answer = page.waitForResponse((r) => r.url().includes('/api/monitoring/data/city_indicators') && r.request().method() === 'PUT')
  await page.setInputFiles('[data-test=mon-upload-city_indicators]', { name: 'bad-indicators.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
  const body = await (await answer).json()
  assert.equal((await answer).status(), 422)
  const defects = rows(page, 'mon-defect-table')
  await defects.first().waitFor()
  assert.equal(await defects.count(), body.defects.length)
  const first = (await defects.first().locator('td').allTextContents()).map((c) => c.trim())
  assert.deepEqual(first, [body.defects[0].file, String(body.defects[0].line), body.defects[0].field, body.defects[0].value, body.defects[0].message_zh])
  assert.match(await page.textContent('[data-test=mon-defects]'), new RegExp(`${body.defects_total} 处错误`))
  assert.equal((await gxt.get('/api/monitoring/data')).body.tables.find((t) => t.table === 'city_indicators').status, before, 'nothing changed')
  assert.deepEqual(await a11y(page), [], '监测数据: WCAG 2 AA (axe-core)')
  // A good file of two cities' rows: pending until both cities have confirmed (核定 as for output).
  const good = 'city,month,value_added_growth_pct,investment_growth_pct,special_bonds_issued_yuan,special_bonds_used_yuan,manufacturing_share_pct\n南宁市,2023-06,5.1,,,,\n柳州市,2023-06,6.2,,,,\n'
  const accepted = page.waitForResponse((r) => r.url().includes('/api/monitoring/data/city_indicators') && r.request().method() === 'PUT')
  await page.setInputFiles('[data-test=mon-upload-city_indicators]', { name: 'indicators.csv', mimeType: 'text/csv', buffer: Buffer.from(good) })
  assert.equal((await accepted).status(), 200)
  await page.waitForFunction(() => document.querySelector('[data-test=mon-data-awaiting-city_indicators]')?.textContent?.includes('柳州市'))
  assert.equal((await page.textContent('[data-test=mon-data-awaiting-city_indicators]')).trim(), '南宁市、柳州市')
  assert.equal(await page.locator('[data-test=mon-verify-city_indicators]').count(), 0, 'the province does not 核定')
  assert.deepEqual(unexpected(problems, [422]), [], problems.join('\n'))
  await context.close()

  const city = await newPage(browser)
  await login(city.page, 'nanning', acc.nanning.password, { to: '/monitoring/data' })
  await city.page.locator('[data-test=mon-verify-city_indicators]').waitFor()
  const checked = city.page.waitForResponse((r) => r.url().includes('/api/monitoring/data/city_indicators/verify'))
  await city.page.click('[data-test=mon-verify-city_indicators]')
  await confirmBox(city.page)
  assert.equal((await checked).status(), 200)
  await city.page.waitForFunction(() => document.querySelector('[data-test=mon-data-awaiting-city_indicators]')?.textContent?.trim() === '柳州市')
  assert.equal(await city.page.locator('[data-test=mon-verify-city_indicators]').count(), 0, 'checked once')
  assert.equal((await gxt.get('/api/monitoring/data')).body.tables.find((t) => t.table === 'city_indicators').status, 'pending', '柳州市 has not confirmed')
  assert.deepEqual(await a11y(city.page), [], '监测数据 (city): WCAG 2 AA (axe-core)')
  assert.deepEqual(unexpected(city.problems), [], city.problems.join('\n'))
  await city.context.close()
})
