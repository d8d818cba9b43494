import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import base from '@/i18n/glossary'
import runs from './glossary'
import { eventKindZh, objectionStatusZh, steps } from './lifecycle'
import { ledgerKindZh } from './ledger'

// Every Chinese string the award pages pass through $tr/tr has an English entry (issue 8's new text).
const en: Record<string, string> = { ...base, ...runs }
const dir = join(__dirname)
const files = [
  ...readdirSync(dir).filter((f) => /\.(vue|ts)$/.test(f) && !f.endsWith('.test.ts')).map((f) => join(dir, f)),
  join(dir, '../dashboard/CityDashboard.vue'),
  join(dir, '../dashboard/EnterpriseDashboard.vue'),
]

describe('award pages in English', () => {
  it('translate every literal $tr/tr string', () => {
    const missing: string[] = []
    for (const f of files)
      for (const m of readFileSync(f, 'utf8').matchAll(/\btr\('((?:[^'\\]|\\.)*)'\)/g)) if (!(m[1] in en)) missing.push(`${f}: ${m[1]}`)
    expect(missing).toEqual([])
  })
  it('translate the step labels, confirmations, history kinds, objection states and ledger kinds', () => {
    const dynamic = [
      ...steps.flatMap((s) => [s.label, '已' + s.label, ...(s.confirm ? [s.confirm] : [])]),
      ...Object.values(eventKindZh),
      ...Object.values(objectionStatusZh),
      ...Object.values(ledgerKindZh),
    ]
    expect(dynamic.filter((s) => !(s in en))).toEqual([])
  })
})
