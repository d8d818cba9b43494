// Every module of the web front end, in one list. A new module (service desk, monitoring, park
// evaluation, supply chain, ...) adds its folder with a module.ts and one line here.
import type { ModuleDef } from '@/core/registry'
import dashboard from './dashboard/module'
import enterprises from './enterprises/module'
import data from './data/module'
import runs from './runs/module'
import policies from './policies/module'
import simulate from './simulate/module'
import desk from './service_desk/module'
import parks from './park_evaluation/module'
import monitoring from './monitoring/module'
import system from './system/module'

export const modules: ModuleDef[] = [dashboard, enterprises, data, runs, policies, simulate, monitoring, parks, desk, system]
