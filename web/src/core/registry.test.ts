import { describe, expect, it } from 'vitest'
import { allowed, buildMenu, headerItems, type ModuleDef } from './registry'

const C = {} as never
const modules: ModuleDef[] = [
  { name: 'b', title: 'menu.data', order: 2, routes: [
    { path: '/uploads', name: 'uploads', component: C, meta: { title: 'menu.uploads', menu: true, anyOf: ['data:upload:write'] } },
    { path: '/verification', name: 'verification', component: C, meta: { title: 'menu.verification', menu: true, anyOf: ['data:output:verify', 'data:progress:read'] } },
  ] },
  { name: 'a', order: 1, routes: [
    { path: '/runs', name: 'runs', component: C, meta: { title: 'menu.runs', menu: true, anyOf: ['run:run:read'] } },
    { path: '/runs/:id', name: 'run', component: C, meta: { title: 'menu.runDetail', anyOf: ['run:run:read'] } },
  ] },
]

describe('menu registry', () => {
  it('shows only permitted pages, in module order, detail pages hidden', () => {
    expect(buildMenu(modules, ['run:run:read', 'data:progress:read'])).toEqual([
      { key: 'runs', title: 'menu.runs', path: '/runs', icon: undefined },
      { key: 'b', title: 'menu.data', icon: undefined, children: [{ key: 'verification', title: 'menu.verification', path: '/verification', icon: undefined }] },
    ])
    expect(buildMenu(modules, [])).toEqual([])
  })
  it('checks any-of permissions', () => {
    expect(allowed({ anyOf: ['x', 'y'] }, ['y'])).toBe(true)
    expect(allowed({ anyOf: ['x'] }, ['y'])).toBe(false)
    expect(allowed({}, [])).toBe(true)
  })
  it('narrows a page to some roles, or to every role but some', () => {
    expect(allowed({ anyOf: ['x'], roles: ['enterprise'] }, ['x'], 'enterprise')).toBe(true)
    expect(allowed({ anyOf: ['x'], roles: ['enterprise'] }, ['x'], 'province_admin')).toBe(false)
    expect(allowed({ anyOf: ['x'], roles: ['enterprise'] }, ['x'])).toBe(false)
    expect(allowed({ anyOf: ['x'], exceptRoles: ['enterprise'] }, ['x'], 'enterprise')).toBe(false)
    expect(allowed({ anyOf: ['x'], exceptRoles: ['enterprise'] }, ['x'], 'city_official')).toBe(true)
    expect(allowed({ anyOf: ['x'], exceptRoles: ['enterprise'] }, ['y'], 'city_official')).toBe(false)
    const both: ModuleDef[] = [{ name: 'p', order: 1, routes: [
      { path: '/p', name: 'p-list', component: C, meta: { title: 't.list', menu: true, anyOf: ['x'], exceptRoles: ['enterprise'] } },
      { path: '/p/mine', name: 'p-mine', component: C, meta: { title: 't.mine', menu: true, anyOf: ['x'], roles: ['enterprise'] } },
    ] }]
    expect(buildMenu(both, ['x'], 'enterprise').map((i) => i.key)).toEqual(['p-mine'])
    expect(buildMenu(both, ['x'], 'province_admin').map((i) => i.key)).toEqual(['p-list'])
  })
  it('gives the header items (the notification bell) only to users with their permissions', () => {
    const bell = { name: 'bell' } as never
    const withBell: ModuleDef[] = [...modules, { name: 'desk', order: 3, routes: [], header: [{ component: bell, anyOf: ['desk:case:read'] }] }]
    expect(headerItems(withBell, ['desk:case:read'])).toEqual([bell])
    expect(headerItems(withBell, ['run:run:read'])).toEqual([])
  })
})
