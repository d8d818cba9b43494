// The frame's extension point. Each module (src/modules/<name>/module.ts) declares its menu group,
// its routes and its messages; the frame builds the router, the side menu, the breadcrumbs and the
// permission checks from these declarations. Adding a module is adding a folder and one line in
// src/modules/index.ts, never editing the layout.
import type { Component } from 'vue'
import type { RouteRecordRaw } from 'vue-router'

export interface PageMeta {
  /** i18n key of the page title (menu, tab, breadcrumb). */
  title: string
  /** The user needs at least one of these permissions (server codes, e.g. "run:run:read"). */
  anyOf?: string[]
  /**
   * Only for these roles (`role` of GET /api/auth/me), or for every role but these: for pages whose
   * permission several roles share but which make sense for some of them (the enterprise's own
   * 亩均 page next to the province's evaluation list). The server still decides what each gets.
   */
  roles?: string[]
  exceptRoles?: string[]
  /** Shown in the side menu (detail pages are not). */
  menu?: boolean
  /** The page shows business data: the watermark is drawn over it. */
  business?: boolean
  /** For detail pages: the menu item to highlight and the breadcrumb parent. */
  parent?: string
  /** A different parent for some roles (the enterprise's own 亩均 detail belongs under 我的亩均评价). */
  parentByRole?: Record<string, string>
  /** The page may be open once per distinct path (tabs keyed by full path). */
  icon?: Component
  order?: number
}

export type ModuleRoute = Omit<RouteRecordRaw, 'meta' | 'children'> & { path: string; name: string; meta: PageMeta }

export interface ModuleDef {
  name: string
  /** i18n key of the menu group; a module with one menu page may omit it (a top-level item). */
  title?: string
  icon?: Component
  order: number
  routes: ModuleRoute[]
  messages?: { 'zh-CN'?: Record<string, unknown>; en?: Record<string, unknown> }
  /** English for the Chinese text of the module's pages ($tr('...') in templates, src/i18n/tr.ts). */
  glossary?: Record<string, string>
  /** Items the layout shows in its header (e.g. the service desk's notification bell), for users with `anyOf`. */
  header?: { component: Component; anyOf?: string[]; roles?: string[]; exceptRoles?: string[] }[]
}

/** The header items of all modules that this user may see. */
export function headerItems(modules: readonly ModuleDef[], permissions: readonly string[], role?: string): Component[] {
  return [...modules].sort((a, b) => a.order - b.order).flatMap((m) => (m.header ?? []).filter((h) => allowed(h, permissions, role)).map((h) => h.component))
}

export function allowed(meta: Pick<PageMeta, 'anyOf' | 'roles' | 'exceptRoles'> | undefined, permissions: readonly string[], role?: string): boolean {
  if (meta?.roles && !(role && meta.roles.includes(role))) return false
  if (meta?.exceptRoles && role && meta.exceptRoles.includes(role)) return false
  if (!meta?.anyOf || meta.anyOf.length === 0) return true
  return meta.anyOf.some((p) => permissions.includes(p))
}

export interface MenuItem {
  key: string
  title: string
  path?: string
  icon?: Component
  children?: MenuItem[]
}

/** The side menu for a user: only pages whose permissions the user holds; empty groups dropped. */
export function buildMenu(modules: readonly ModuleDef[], permissions: readonly string[], role?: string): MenuItem[] {
  const out: MenuItem[] = []
  for (const m of [...modules].sort((a, b) => a.order - b.order)) {
    const pages = m.routes
      .filter((r) => r.meta.menu && allowed(r.meta, permissions, role))
      .sort((a, b) => (a.meta.order ?? 0) - (b.meta.order ?? 0))
      .map((r) => ({ key: r.name, title: r.meta.title, path: r.path, icon: r.meta.icon }))
    if (pages.length === 0) continue
    if (!m.title || (pages.length === 1 && m.routes.filter((r) => r.meta.menu).length === 1))
      out.push(...pages.map((p) => ({ ...p, icon: p.icon ?? m.icon })))
    else out.push({ key: m.name, title: m.title, icon: m.icon, children: pages })
  }
  return out
}
