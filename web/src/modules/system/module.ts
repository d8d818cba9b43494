import type { ModuleDef } from '@/core/registry'

const module: ModuleDef = { name: 'system', order: 50, routes: [] }
export default module
