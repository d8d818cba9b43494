// 政策模拟 in the browser (before scope.test.mjs, whose failed logins bring the captcha for this address): moving a slider re-evaluates the verified data and the totals shown are the
// server's (checked against a direct POST /api/simulate); an older answer that arrives late never
// replaces a newer one; a scenario is saved by name and loaded back.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { accounts, apiAs, launch, login, newPage, settle, shot, unexpected } from './helpers.mjs'

let browser
const acc = accounts()
before(async () => (browser = await launch()))
after(async () => browser?.close())

const KEY = 'clause2.growth_min'
const param = (page, key = KEY) => page.locator(`.zx-param[data-key="${key}"]`)

/** The request the shown result answers ({set, budget_yuan}), or null before the first. */
async function shown(page) {
  const s = await page.locator('[data-test=sim-result]').getAttribute('data-shown').catch(() => null)
  return s ? JSON.parse(s) : null
}
async function totals(page) {
  return {
    total: Number(await page.locator('[data-test=sim-total]').getAttribute('data-yuan')),
    baseline: Number(await page.locator('[data-test=sim-baseline-total]').getAttribute('data-yuan')),
    beneficiaries: Number(await page.locator('[data-test=sim-beneficiaries]').getAttribute('data-count')),
  }
}
/** Waits until the page shows the answer to exactly these settings. */
async function waitShown(page, set, budget_yuan = null, timeout = 10000) {
  const want = JSON.stringify({ set, budget_yuan })
  await page.waitForFunction((w) => document.querySelector('[data-test=sim-result]')?.getAttribute('data-shown') === w, want, { timeout })
}
async function openSimulation(page) {
  await login(page, 'gxt_admin', acc.gxt_admin.password, { to: '/simulate' })
  await page.waitForURL(/\/simulate/)
  await param(page).waitFor()
  await waitShown(page, {})
}
/** Types a value into a parameter's number input (Enter commits it, as a person would). */
async function typeValue(page, key, value) {
  const input = param(page, key).locator('.el-input-number input')
  await input.fill(String(value))
  await input.press('Enter')
}

test('moving a slider updates the totals, and they are what the server computes', async (t) => {
  const province = await apiAs('gxt_admin')
  const params = await province.get('/api/policies/guangxi-2023/parameters')
  assert.equal(params.status, 200, JSON.stringify(params.body))
  const growth = params.body.items.find((p) => p.key === KEY)
  assert.ok(growth, `${KEY} is a parameter`)

  const { page, problems, context } = await newPage(browser)
  await openSimulation(page)
  const before = await totals(page)
  assert.equal(before.total, before.baseline, 'with nothing changed the scenario is the baseline')

  // The slider from the keyboard: each ArrowRight is one step up.
  const handle = param(page).locator('.el-slider [role=slider]')
  await handle.focus()
  const presses = 10
  for (let i = 0; i < presses; i++) await handle.press('ArrowRight')
  const moved = Date.now()
  const value = await param(page).locator('.el-input-number input').inputValue()
  const setting = `${Number(value)}%`
  assert.ok(Number(value) > parseFloat(growth.value), `the threshold went up: ${growth.value} -> ${setting}`)
  await waitShown(page, { [KEY]: setting })
  const visibleAfter = Date.now() - moved
  const after = await totals(page)
  t.diagnostic(`update visible ${visibleAfter} ms after the last key press (debounce included); server ${await page.locator('[data-test=sim-elapsed]').innerText()} ms, round trip ${await page.locator('[data-test=sim-roundtrip]').innerText()} ms`)

  const direct = await province.post('/api/simulate', { policy: 'guangxi-2023', set: { [KEY]: setting }, budget_yuan: null })
  assert.equal(direct.status, 200, JSON.stringify(direct.body))
  assert.equal(after.total, direct.body.scenario.total_yuan)
  assert.equal(after.beneficiaries, direct.body.scenario.beneficiaries)
  assert.equal(after.baseline, direct.body.baseline.total_yuan)
  assert.notEqual(after.total, before.total, 'a higher growth threshold changes the total')
  assert.ok(after.total < before.total, 'a higher growth threshold pays less')
  // The clause table shows clause 2's scenario amount in 万元, the exact yuan on hover.
  const c2 = direct.body.scenario.by_clause.find((c) => c.clause === '2')
  const row = page.locator('[data-test=sim-clause-table] .el-table__body tr', { hasText: c2.title })
  const cell = row.locator('.zx-money').nth(1)
  assert.equal(await cell.getAttribute('title'), `${c2.total_yuan.toLocaleString('en-US')} 元`)
  // The enterprises that lose: as many as the server says, the largest change first.
  assert.equal(Number(await page.locator('[data-test=sim-losers]').innerText()), direct.body.changes.losers)
  assert.ok(direct.body.changes.losers > 0)
  const first = direct.body.changes.items[0]
  assert.match(await page.locator('[data-test=sim-changes-table] .el-table__body tr').first().innerText(), new RegExp(first.uscc))
  await handle.blur()
  await page.evaluate(() => document.querySelector('#zx-main').scrollTo(0, 0))
  await shot(page, 'province-simulate-moved')
  await page.locator('[data-test=sim-changes]').scrollIntoViewIfNeeded()
  await shot(page, 'province-simulate-changes')
  assert.deepEqual(unexpected(problems), [])
  await context.close()
})

test('a late answer to an older request never replaces the newer one', async () => {
  const province = await apiAs('gxt_admin')
  const { page, problems, context } = await newPage(browser)
  await openSimulation(page)

  // Hold the answer to the next simulation until the one after it is shown.
  let release
  const released = new Promise((r) => (release = r))
  let held = 0
  await page.route('**/api/simulate', async (route) => {
    if (held++ === 0) {
      let response
      try {
        response = await route.fetch()
      } catch {
        return // the page gave up on it (aborted)
      }
      await released
      await route.fulfill({ response }).catch(() => {}) // aborted by the page meanwhile: nothing to deliver
      return
    }
    await route.continue()
  })
  // (clause 2's threshold is 12% as filed: 20% and 16% are both changes)
  await typeValue(page, KEY, 20)
  for (let i = 0; i < 50 && held === 0; i++) await page.waitForTimeout(20)
  assert.equal(held, 1, 'the first request is held')
  await typeValue(page, KEY, 16)
  await waitShown(page, { [KEY]: '16%' })
  release()
  await settle(page, 600)
  assert.deepEqual((await shown(page)).set, { [KEY]: '16%' }, 'the newer answer stays')
  const direct = await province.post('/api/simulate', { policy: 'guangxi-2023', set: { [KEY]: '16%' }, budget_yuan: null })
  assert.equal((await totals(page)).total, direct.body.scenario.total_yuan)
  assert.deepEqual(unexpected(problems), [])
  await context.close()
})

test('a scenario is saved by name and loaded back', async () => {
  const province = await apiAs('gxt_admin')
  const { page, problems, context } = await newPage(browser)
  await openSimulation(page)
  const name = `增速门槛15%与预算（e2e ${Date.now()}）`
  await typeValue(page, KEY, 15)
  await page.click('[data-test=sim-budget-on]')
  await page.locator('[data-test=sim-budget] input').fill('1000')
  await page.locator('[data-test=sim-budget] input').press('Enter')
  await waitShown(page, { [KEY]: '15%' }, 10_000_000)
  const saved = await totals(page)
  await page.fill('[data-test=sim-save-name]', name)
  await page.click('[data-test=sim-save]')
  await page.locator('.el-message--success', { hasText: '已保存' }).waitFor()
  const list = await province.get('/api/scenarios')
  assert.equal(list.status, 200)
  const mine = list.body.items.find((s) => s.name === name)
  assert.ok(mine, 'the scenario is listed by the API')
  assert.deepEqual(mine.set, { [KEY]: '15%' })
  assert.equal(mine.budget_yuan, 10_000_000)
  assert.equal(mine.policy, 'guangxi-2023')

  // Back to the policy as filed, then load the scenario from the list.
  await page.getByRole('button', { name: '恢复现行政策' }).click()
  await waitShown(page, {})
  const row = page.locator('[data-test=sim-scenarios] .el-table__body tr', { hasText: name })
  await row.waitFor()
  await row.locator('[data-test=sim-load]').click()
  await waitShown(page, { [KEY]: '15%' }, 10_000_000)
  assert.equal(await param(page).locator('.el-input-number input').inputValue(), '15.00')
  assert.deepEqual(await totals(page), saved)
  assert.equal(await page.locator('[data-test=sim-scaled]').count(), saved.total < (await province.post('/api/simulate', { policy: 'guangxi-2023', set: { [KEY]: '15%' }, budget_yuan: null })).body.scenario.total_yuan ? 1 : 0)
  assert.deepEqual(unexpected(problems), [])
  await context.close()
})
