import type { ModuleDef } from '@/core/registry'

const module: ModuleDef = { name: 'data', order: 50, routes: [] }
export default module
