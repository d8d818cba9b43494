import type { ModuleDef } from '@/core/registry'

const module: ModuleDef = { name: 'runs', order: 50, routes: [] }
export default module
