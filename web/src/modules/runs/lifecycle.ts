import type { RunStatus } from '@/api/models'

/** The lifecycle steps (as the server allows them: src/service/run_service.cpp kSteps). */
export interface Step {
  from: RunStatus
  to: Exclude<RunStatus, 'draft'>
  permission: string
  label: string
  /** Irreversible: asked for confirmation. */
  confirm?: string
  /** The server wants a reason (withdrawing a publicized run): asked in a prompt, at least 4 characters. */
  reason?: boolean
  type: 'primary' | 'success' | 'warning' | 'danger'
}
export const steps: Step[] = [
  { from: 'draft', to: 'reviewed', permission: 'run:run:review', label: '复核通过', type: 'primary' },
  { from: 'reviewed', to: 'approved', permission: 'run:run:approve', label: '审批通过', type: 'primary', confirm: '审批后结果锁定，进入待公示。审批人不能是发起人。确定审批吗？' },
  { from: 'approved', to: 'publicized', permission: 'run:run:publish', label: '公示', type: 'success', confirm: '公示后名单对企业可见，公示期开始计算。确定公示吗？' },
  { from: 'publicized', to: 'disbursed', permission: 'run:run:disburse', label: '拨付', type: 'warning', confirm: '拨付将写入奖励台账（奖励、补发、追回），不可撤销。确定拨付吗？' },
  { from: 'draft', to: 'withdrawn', permission: 'run:run:review', label: '撤回', type: 'danger', confirm: '撤回后此批次作废，不可恢复。确定撤回吗？' },
  { from: 'reviewed', to: 'withdrawn', permission: 'run:run:approve', label: '撤回', type: 'danger', confirm: '撤回后此批次作废，不可恢复。确定撤回吗？' },
  { from: 'approved', to: 'withdrawn', permission: 'run:run:approve', label: '撤回', type: 'danger', confirm: '撤回后此批次作废，不可恢复。确定撤回吗？' },
  { from: 'publicized', to: 'withdrawn', permission: 'run:run:approve', label: '撤回', type: 'danger', reason: true, confirm: '撤回公示后名单作废，企业可看到撤回理由。请填写撤回理由（至少4个字）：' },
]

/** The history's entry kinds (GET /api/runs/{id}/events), in Chinese. */
export const eventKindZh: Record<string, string> = {
  transition: '流转',
  'objection.filed': '提出异议',
  'objection.upheld': '异议成立',
  'objection.rejected': '异议不成立',
  recomputed: '重新计算',
}
export const objectionStatusZh: Record<string, string> = { open: '待处理', upheld: '成立', rejected: '不成立', closed: '已关闭' }
export const order: RunStatus[] = ['draft', 'reviewed', 'approved', 'publicized', 'disbursed']
