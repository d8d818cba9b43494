// The enterprise list's filters are the server's: industry (a GB/T 4754 code prefix) and designation
// (from GET /api/designations) narrow the list exactly as GET /api/enterprises does.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { accounts, apiAs, launch, login, newPage, settle, shot, unexpected } from './helpers.mjs'

let browser
const acc = accounts()
before(async () => (browser = await launch()))
after(async () => browser?.close())

async function shownTotal(page) {
  const text = await page.locator('.zx-pager .el-pagination__total').innerText()
  return Number(text.replace(/[^\d]/g, ''))
}

test('industry and designation filters narrow the enterprise list, as the API does', async () => {
  const province = await apiAs('gxt_admin')
  const all = await province.get('/api/enterprises?page_size=100')
  assert.equal(all.status, 200)
  // An industry prefix the demo data has: the two-digit 大类 of the first enterprise.
  const prefix = all.body.items[0].industry.slice(0, 2)
  const byIndustry = await province.get(`/api/enterprises?industry=${prefix}&page_size=100`)
  assert.equal(byIndustry.status, 200, JSON.stringify(byIndustry.body))
  assert.ok(byIndustry.body.total > 0 && byIndustry.body.total < all.body.total, `industry ${prefix}: ${byIndustry.body.total} of ${all.body.total}`)
  for (const e of byIndustry.body.items) assert.ok(e.industry.startsWith(prefix), e.industry)
  const designations = await province.get('/api/designations')
  assert.equal(designations.status, 200)
  assert.ok(designations.body.items.length > 0)

  const { page, problems, context } = await newPage(browser)
  await login(page, 'gxt_admin', acc.gxt_admin.password, { to: '/enterprises' })
  await page.waitForURL(/\/enterprises/)
  await settle(page)
  assert.equal(await shownTotal(page), all.body.total)

  await page.fill('[data-test=ent-industry]', prefix)
  await page.getByRole('button', { name: '查询' }).click()
  await page.waitForURL(new RegExp(`industry=${prefix}`))
  await settle(page)
  assert.equal(await shownTotal(page), byIndustry.body.total)
  const industries = await page.$$eval('.el-table__body tr td:nth-child(4)', (tds) => tds.map((td) => td.textContent.trim()))
  assert.ok(industries.length > 0)
  for (const i of industries) assert.ok(i.startsWith(prefix), i)

  // A designation on top of it: the select lists the API's designations by name.
  let chosen
  for (const d of designations.body.items) {
    const r = await province.get(`/api/enterprises?industry=${prefix}&designation=${d.code}&page_size=1`)
    if (r.body.total > 0) {
      chosen = { ...d, total: r.body.total }
      break
    }
  }
  if (!chosen) {
    const d = designations.body.items[0]
    chosen = { ...d, total: (await province.get(`/api/enterprises?industry=${prefix}&designation=${d.code}&page_size=1`)).body.total }
  }
  await page.click('[data-test=ent-designation]')
  await page.locator('.el-select-dropdown__item:visible', { hasText: chosen.name }).click()
  await page.getByRole('button', { name: '查询' }).click()
  await page.waitForURL(new RegExp(`designation=${chosen.code}`))
  await settle(page)
  assert.equal(await shownTotal(page), chosen.total)
  assert.ok(chosen.total <= byIndustry.body.total)
  // Each enterprise shown holds that designation (its detail from the API).
  const usccs = await page.$$eval('.el-table__body tr td:nth-child(2)', (tds) => tds.map((td) => td.textContent.trim()))
  for (const u of usccs.slice(0, 5)) {
    const d = await province.get(`/api/enterprises/${u}`)
    assert.ok(d.body.designations.some((x) => x.designation === chosen.code), `${u} holds ${chosen.code}`)
  }
  await shot(page, 'province-enterprises-filtered')

  // A prefix that is not a code is refused in the page, before any request.
  await page.fill('[data-test=ent-industry]', '3a')
  await page.getByRole('button', { name: '查询' }).click()
  await page.locator('.zx-error[role=alert]').waitFor()
  assert.match(page.url(), new RegExp(`industry=${prefix}`))
  assert.deepEqual(unexpected(problems), [])
  await context.close()
})
