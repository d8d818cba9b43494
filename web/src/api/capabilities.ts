// What the server in front of us offers, from its own OpenAPI document (generated at build time by
// scripts/gen-api.mjs). Routes and parameters of the API contract that a server may not have yet
// (GET /api/uploads, GET /api/designations, the enterprise list's industry and designation filters,
// idle_timeout_minutes) are used when the document lists them; otherwise the page falls back to what
// it did before, rather than calling into a 404 or offering a filter the server ignores.
import { operations } from './generated/operations'

export function hasRoute(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string): boolean {
  return `${method} ${path}` in operations
}

export function hasQuery(method: 'GET' | 'POST', path: string, name: string): boolean {
  return operations[`${method} ${path}`]?.includes(name) ?? false
}
