// Validates an OpenAPI document (OpenAPI 3 schema + semantic checks) with @apidevtools/swagger-parser.
// Usage: node scripts/validate-openapi.mjs FILE   (FILE "-" reads standard input)
// Prints each error and exits 1 when the document is invalid, 2 on usage errors.
import { readFileSync } from 'node:fs'
import SwaggerParser from '@apidevtools/swagger-parser'

const file = process.argv[2]
if (!file) {
  console.error('usage: validate-openapi.mjs FILE')
  process.exit(2)
}
let doc
try {
  doc = JSON.parse(readFileSync(file === '-' ? 0 : file, 'utf8'))
} catch (e) {
  console.error(`${file}: not JSON: ${e.message}`)
  process.exit(2)
}
try {
  // validate() mutates its argument (dereferences $refs): give it a copy.
  await SwaggerParser.validate(structuredClone(doc))
  const n = Object.values(doc.paths ?? {}).reduce((k, item) => k + Object.keys(item).length, 0)
  console.log(`${file}: valid OpenAPI ${doc.openapi} (${Object.keys(doc.paths ?? {}).length} paths, ${n} operations)`)
} catch (e) {
  const details = Array.isArray(e.details) ? e.details : []
  if (details.length === 0) console.error(`${file}: ${e.message}`)
  for (const d of details) {
    // ajv reports a JSON pointer (instancePath); older versions a path array.
    const pointer = d.instancePath ?? (Array.isArray(d.path) ? '/' + d.path.join('/') : '')
    const where = pointer ? pointer.split('/').map((t) => t.replaceAll('~1', '/').replaceAll('~0', '~')).slice(1).join(' › ') : '(document)'
    console.error(`${file}: ${where}: ${d.message}`)
  }
  if (details.length) console.error(`${file}: ${details.length} error(s)`)
  process.exit(1)
}
