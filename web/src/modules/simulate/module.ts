import { DataAnalysis } from '@element-plus/icons-vue'
import { markRaw } from 'vue'
import type { ModuleDef } from '@/core/registry'

// 政策模拟: what-if over the verified data (POST /api/simulate), scenarios saved per policy.
const module: ModuleDef = {
  name: 'simulate',
  order: 45,
  icon: markRaw(DataAnalysis),
  routes: [
    { path: '/simulate', name: 'simulate', component: () => import('./SimulatePage.vue'), meta: { title: 'menu.simulate', menu: true, business: true, anyOf: ['policy:simulation:run'] } },
  ],
  glossary: {
    政策模拟: 'Policy simulation',
    '调整条款参数和预算，系统以已核定的数据即时重算，并与现行政策（基线）比较。模拟结果不产生奖励批次，也不写入台账。':
      'Adjust the clauses\' parameters and the budget: the verified data is re-evaluated at once and compared with the policy in force (the baseline). A simulation creates no award run and writes nothing to the ledger.',
    恢复现行政策: 'Back to the policy in force', 服务器计算: 'server', 往返: 'round trip', 计算中: 'Computing',
    模拟参数: 'Parameters', 资金预算上限: 'Budget ceiling', '资金预算上限（万元）': 'Budget ceiling (10k yuan)', 设定预算上限: 'Set a budget ceiling',
    现行: 'In force', 适用: 'applies', 不适用: 'does not apply', 保存方案: 'Save the scenario', 方案名称: 'Scenario name',
    '方案名称，如 增速门槛提高到15%': 'Scenario name, e.g. growth threshold 15%', 正在计算: 'Computing…', '正在计算…': 'Computing…',
    模拟方案奖励总额: 'Scenario: total awards', '基线（现行政策）': 'Baseline (policy in force)', 变化: 'Change', 基线: 'Baseline',
    模拟方案: 'Scenario', 预算控制: 'Budget control', '未设预算上限：按条款计算的金额即为奖励额。': 'No budget ceiling: the amounts the clauses give are the awards.',
    模拟方案测算额: 'The scenario computes', 超过预算: 'above the budget', 已按比例压减为: 'scaled down to', 压减比例: 'ratio',
    未超过预算: 'within the budget', '不压减。': 'no scaling.', '基线同样受该预算控制：测算额': 'The baseline is under the same budget: computed', 压减后: 'scaled to',
    '按条款：基线与模拟方案': 'By clause: baseline and scenario', '按设区市：基线与模拟方案': 'By city: baseline and scenario',
    '按条款的奖励金额柱状图：基线与模拟方案': 'Bar chart of awards by clause: baseline and scenario',
    '按设区市的奖励金额柱状图：基线与模拟方案': 'Bar chart of awards by city: baseline and scenario',
    '变化（万元）': 'Change (10k yuan)', 受影响的企业: 'Enterprises affected', 增加: 'Gain', 减少: 'Lose', 新获奖励: 'New beneficiaries',
    不再获得奖励: 'No longer awarded', 下表列出变化最大的: 'The table lists the largest changes:',
    '没有企业的奖励发生变化。调整左侧参数试试。': 'No enterprise\'s award changes. Adjust the parameters on the left.',
    '调整前（万元）': 'Before (10k yuan)', '调整后（万元）': 'After (10k yuan)', 已保存的方案: 'Saved scenarios', 调整内容: 'Changes',
    保存人: 'Saved by', 保存时间: 'Saved at', 载入: 'Load', '还没有保存的方案。调整参数后输入名称并保存。': 'No saved scenario yet. Adjust the parameters, name the scenario and save it.',
  },
}
export default module
