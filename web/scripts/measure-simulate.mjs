// Measures the simulation goal against a running server: the time from a slider move on
// 政策模拟 until the page shows the new totals (debounce included), over N moves; and the server's
// elapsed_ms and the page's round trip for each. Usage:
//   node scripts/measure-simulate.mjs [N]   (ZX_WEB_BASE, ZX_ACCOUNTS as for the browser tests)
import { accounts, BASE, launch, login, newPage } from '../e2e/helpers.mjs'

const n = Number(process.argv[2] ?? 20)
const KEY = 'clause2.growth_min'
const browser = await launch()
const { page, context } = await newPage(browser)
const a = accounts()
await login(page, 'gxt_admin', a.gxt_admin.password, { to: '/simulate' })
const param = page.locator(`.zx-param[data-key="${KEY}"]`)
await param.waitFor()
const shownOf = () => page.locator('[data-test=sim-result]').getAttribute('data-shown')
await page.waitForFunction(() => document.querySelector('[data-test=sim-result]')?.getAttribute('data-shown'), null, { timeout: 60000 })
const handle = param.locator('.el-slider [role=slider]')
const visible = []
const server = []
const trip = []
for (let i = 0; i < n; i++) {
  const before = await shownOf()
  await handle.focus()
  // Up for the first half, down for the second: every move is a new setting.
  const t0 = Date.now()
  await handle.press(i < n / 2 ? 'ArrowRight' : 'ArrowLeft')
  await page.waitForFunction((b) => {
    const s = document.querySelector('[data-test=sim-result]')?.getAttribute('data-shown')
    return s && s !== b
  }, before, { timeout: 60000, polling: 'raf' })
  visible.push(Date.now() - t0)
  server.push(Number(await page.locator('[data-test=sim-elapsed]').innerText()))
  trip.push(Number(await page.locator('[data-test=sim-roundtrip]').innerText()))
  await page.waitForTimeout(300)
}
const enterprises = (await page.locator('[data-test=sim-timing]').innerText()).replace(/\s+/g, ' ')
const stats = (xs) => {
  const s = [...xs].sort((p, q) => p - q)
  return `median ${s[Math.floor(s.length / 2)]} ms, p90 ${s[Math.floor(s.length * 0.9)]} ms, max ${s[s.length - 1]} ms`
}
console.log(`${n} slider moves (${enterprises})`)
console.log(`  visible in the page after the move (150 ms debounce included): ${stats(visible)}`)
console.log(`  round trip POST /api/simulate: ${stats(trip)}`)
console.log(`  server elapsed_ms: ${stats(server)}`)
await context.close()
await browser.close()
