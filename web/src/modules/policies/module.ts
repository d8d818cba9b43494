import type { ModuleDef } from '@/core/registry'

const module: ModuleDef = { name: 'policies', order: 50, routes: [] }
export default module
