import type { ModuleDef } from '@/core/registry'

const module: ModuleDef = { name: 'tasks', order: 50, routes: [] }
export default module
