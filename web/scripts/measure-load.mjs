// Measures what the speed goals name, against a running server:
//   - the JavaScript the first load of / fetches (signed out: the login page; signed in: the
//     dashboard), as gzip-compressed bytes of the files in dist/ (what a compressing proxy sends);
//   - the time until the province dashboard shows its totals, on loopback.
// Usage: node scripts/measure-load.mjs  (ZX_WEB_BASE, ZX_ACCOUNTS as for the browser tests)
import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { fileURLToPath } from 'node:url'
import { accounts, BASE, launch, login, newPage } from '../e2e/helpers.mjs'

const dist = fileURLToPath(new URL('../dist', import.meta.url))
const gz = (path) => gzipSync(readFileSync(dist + path), { level: 9 }).length

async function jsOf(page, url, ready) {
  const files = new Set()
  page.on('response', (r) => {
    const u = new URL(r.url())
    if (u.pathname.endsWith('.js')) files.add(u.pathname)
  })
  const t0 = Date.now()
  await page.goto(url)
  await page.locator(ready).first().waitFor()
  const ms = Date.now() - t0
  await page.waitForLoadState('networkidle')
  const list = [...files].map((f) => ({ f, raw: readFileSync(dist + f).length, gz: gz(f) }))
  return { ms, list, raw: list.reduce((s, x) => s + x.raw, 0), gz: list.reduce((s, x) => s + x.gz, 0) }
}

const kb = (n) => (n / 1024).toFixed(1) + ' KiB'
const browser = await launch()
const a = accounts()
{
  const { page, context } = await newPage(browser)
  const r = await jsOf(page, BASE + '/', '#zx-username')
  console.log(`signed out, / (login page): ${r.list.length} JS files, ${kb(r.raw)} raw, ${kb(r.gz)} gzip, shown in ${r.ms} ms`)
  await context.close()
}
{
  const { page, context } = await newPage(browser)
  await login(page, 'gxt_admin', a.gxt_admin.password)
  const p2 = await context.newPage() // a cold page with the session cookie: a reload of /
  await p2.route('**/*', (route) => route.continue()) // no cache between pages of the measurement
  const r = await jsOf(p2, BASE + '/', '[data-test=total]')
  console.log(`signed in, / (province dashboard): ${r.list.length} JS files, ${kb(r.raw)} raw, ${kb(r.gz)} gzip, totals shown in ${r.ms} ms`)
  for (const x of r.list.sort((p, q) => q.gz - p.gz)) console.log(`  ${x.f.replace(/-[\w-]{8}\.js$/, '.js')}  ${kb(x.gz)}`)
  await context.close()
}
await browser.close()
