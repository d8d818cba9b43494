// The data workflow in the browser: a file with defects is refused with a per-row report (shown and
// downloadable under a Chinese name); a city official verifies pending months, the province sees progress.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { accounts, apiAs, BASE, launch, login, newPage, settle, shot, unexpected } from './helpers.mjs'

let browser
const acc = accounts()
before(async () => (browser = await launch()))
after(async () => browser?.close())

test('an upload with defects is refused and every defect is listed by line and field', async () => {
  const { page, problems, context } = await newPage(browser)
  await login(page, 'nanning', acc.nanning.password, { to: '/uploads' })
  await page.waitForURL(/\/uploads/)
  const csv = [
    'uscc,month,output_yuan',
    '91450100877403738G,2023-13,100.00', // no month 13
    'NOT-A-USCC,2023-01,100.00', // invalid code
    '91450100877403738G,2023-02,12.345', // three decimals
  ].join('\n')
  await page.setInputFiles('[data-test=upload-file]', { name: '产值-有错误.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
  await page.click('[data-test=upload-submit]')
  const table = page.locator('[data-test=defect-table]')
  await table.waitFor()
  const text = await table.innerText()
  for (const line of ['2', '3', '4']) assert.match(text, new RegExp(`\\b${line}\\b`), `line ${line} listed`)
  assert.match(text, /month/)
  assert.match(text, /uscc/)
  assert.match(text, /output_yuan/)
  assert.match(await page.locator('[data-test=defect-summary]').innerText(), /未导入：发现 \d+ 处错误/)
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-test=defect-download]')])
  assert.match(download.suggestedFilename(), /^数据导入错误报告（月度产值，第\d+次）\.csv$/)
  const report = await download.createReadStream().then(async (s) => {
    let b = ''
    for await (const c of s) b += c
    return b
  })
  assert.match(report, /NOT-A-USCC/)
  await shot(page, 'city-upload-defects')
  // The 422 answer to the refused file is the expected one.
  assert.deepEqual(unexpected(problems, [422]), [])
  await context.close()
})

test('a city official verifies pending months in bulk and the progress moves', async () => {
  const city = await apiAs('nanning')
  const pending = await city.get('/api/output?status=pending&page_size=1')
  assert.equal(pending.status, 200)
  assert.ok(pending.body.total > 0, 'demo data has pending months')
  const uscc = pending.body.items[0].uscc
  const mine = await city.get(`/api/output?status=pending&uscc=${uscc}&page_size=100`)
  const before = (await city.get('/api/verification/progress')).body.items.find((p) => p.city === '南宁市')

  const { page, problems, context } = await newPage(browser)
  await login(page, 'nanning', acc.nanning.password, { to: `/verification?status=pending&uscc=${uscc}` })
  await page.waitForURL(/\/verification/)
  await settle(page)
  await page.locator('.el-table__header .el-checkbox').first().click() // select all shown
  await page.click('[data-test=verify-selected]')
  await page.locator('.el-message--success').waitFor()
  await settle(page)
  await shot(page, 'city-verification')

  const afterMine = await city.get(`/api/output?status=pending&uscc=${uscc}&page_size=100`)
  assert.equal(afterMine.body.total, 0)
  const after = (await city.get('/api/verification/progress')).body.items.find((p) => p.city === '南宁市')
  assert.equal(after.pending, before.pending - mine.body.total)
  assert.equal(after.verified, before.verified + mine.body.total)
  assert.deepEqual(unexpected(problems), [])
  await context.close()
})

test('批量核定 takes the count the server gives and the dialog shows it', async () => {
  const city = await apiAs('nanning')
  const pending = await city.get('/api/output?status=pending&page_size=1')
  assert.ok(pending.body.total > 0, 'demo data has pending months')
  const uscc = pending.body.items[0].uscc
  const mine = await city.get(`/api/output?status=pending&uscc=${uscc}&page_size=100`)
  const n = mine.body.total

  const { page, problems, context } = await newPage(browser)
  await login(page, 'nanning', acc.nanning.password, { to: `/verification?status=pending&uscc=${uscc}` })
  await page.waitForURL(/\/verification/)
  await settle(page)
  await page.click('[data-test=verify-bulk]')
  const dialog = page.locator('.el-message-box', { hasText: `将核定 ${n} 个待核定企业月` })
  await dialog.waitFor()
  await dialog.locator('.el-button--primary').click()
  await page.locator('.el-message--success', { hasText: `已核定 ${n} 个企业月` }).waitFor()
  const afterMine = await city.get(`/api/output?status=pending&uscc=${uscc}&page_size=100`)
  assert.equal(afterMine.body.total, 0)
  assert.deepEqual(unexpected(problems), [])
  await context.close()
})

test('the province sees verification progress for all 14 cities', async () => {
  const { page, problems, context } = await newPage(browser)
  await login(page, 'gxt_admin', acc.gxt_admin.password, { to: '/verification' })
  await page.waitForURL(/\/verification/)
  await settle(page)
  assert.equal(await page.locator('[data-test=progress-table] .el-table__body tr').count(), 14)
  await shot(page, 'province-verification')
  assert.deepEqual(unexpected(problems), [])
  await context.close()
})

test('the history of uploads comes from the server and shows an upload made here', async () => {
  const city = await apiAs('nanning')
  const { page, problems, context } = await newPage(browser)
  await login(page, 'nanning', acc.nanning.password, { to: '/uploads' })
  await page.waitForURL(/\/uploads/)
  const filename = `产值-历史记录-${Date.now()}.csv`
  const csv = ['uscc,month,output_yuan', 'NOT-A-USCC,2023-01,100.00'].join('\n')
  await page.setInputFiles('[data-test=upload-file]', { name: filename, mimeType: 'text/csv', buffer: Buffer.from(csv) })
  await page.click('[data-test=upload-submit]')
  await page.locator('[data-test=defect-table]').waitFor()
  // The list is the server's: the same first page as GET /api/uploads, newest first, with this upload.
  const history = page.locator('[data-test=upload-history]')
  const row = history.locator('.el-table__body tr', { hasText: filename })
  await row.waitFor()
  const api = await city.get('/api/uploads?page=1&page_size=10')
  assert.equal(api.status, 200, JSON.stringify(api.body))
  const mine = api.body.items.find((u) => u.filename === filename)
  assert.ok(mine, 'the API lists the upload')
  assert.equal(mine.accepted, false)
  assert.equal(mine.kind, 'output')
  assert.match(await row.innerText(), new RegExp(`^${mine.id}\\b`))
  assert.match(await row.innerText(), /1 处错误/)
  assert.equal(await history.locator('.el-table__body tr').count(), Math.min(10, api.body.total))
  assert.match(await history.locator('.el-pagination__total').innerText(), new RegExp(`${api.body.total}`))
  // Server paging: 20 per page asks the server for 20.
  const sizes = history.locator('.el-pagination__sizes')
  await sizes.click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: '20' }).click()
  await page.waitForURL(/page_size=20/)
  await settle(page)
  assert.equal(await history.locator('.el-table__body tr').count(), Math.min(20, api.body.total))
  // A city sees its own city's uploads only.
  for (const u of api.body.items) assert.ok(!u.city || u.city === '南宁市', JSON.stringify(u))
  await shot(page, 'city-upload-history')
  assert.deepEqual(unexpected(problems, [422]), [])
  await context.close()
})
