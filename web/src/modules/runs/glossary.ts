// English for the award pages' Chinese text (issue 8: separation of duties, unverified months,
// history, objections, ledger, compare totals). Shared with the dashboards that show runs.
const glossary: Record<string, string> = {
  奖励台账: 'Award ledger',
  '已拨付批次写入的奖励、补发和追回，跨批次、跨企业，按您的数据范围。':
    'Awards, supplements and clawbacks written by disbursed runs, across runs and enterprises, within your data scope.',
  全部批次: 'All runs', 全部政策: 'All policies', 全部类型: 'All kinds', '导出 XLSX': 'Export XLSX',
  合计: 'Total', 变化: 'Change', 不同的行: 'Changed rows', '没有不同的行。': 'No changed rows.',
  按设区市合计: 'Totals by city', 按条款合计: 'Totals by clause',
  重新计算: 'Recompute',
  '将按当前已核定的数据生成一个新批次（同一政策、预算和公示期），本批次保持不变。确定重新计算吗？':
    'A new run will be computed from the current verified data (same policy, budget and notice period); this run stays as it is. Recompute?',
  尚有未核定的产值: 'Output not yet verified', 继续测算: 'Compute anyway', 已生成批次: 'Created run',
  异议理由至少4个字: 'The objection needs at least 4 characters', '异议已提交，等待自治区工信厅处理': 'Objection filed; the province will decide on it',
  已处理异议: 'Objection decided', 计算时尚有: 'When computed,', 家企业: 'enterprises had',
  '个月产值未核定，本批次不含这些月份。': 'months of output not yet verified; this run leaves those months out.',
  本批次可能不是最新结果: 'This run may not be the current result',
  '计算后已核定数据有变化，本批次不能拨付，请按当前数据重新计算。':
    'The verified data changed after this run was computed: it cannot be disbursed; recompute from the current data.',
  '已被更晚的已拨付批次取代：': 'Superseded by a later disbursed run: ', '依据当前数据的批次：': 'Run from the current data: ',
  '待处理的异议：': 'Open objections: ', 提出异议: 'File an objection', 公示异议: 'Objections', '尚无异议。': 'No objection yet.',
  整体: 'Whole', 异议理由: 'Objection', 提出时间: 'Filed', 处理理由: 'Decision reason', 成立: 'Uphold', 不成立: 'Reject',
  批次经历: 'History', 对本企业的公示结果提出异议: "Object to your enterprise's published result", '整体（不限条款）': 'Whole result (no clause)',
  '至少4个字，例如：3月产值有误，应为……': 'At least 4 characters, e.g. the March output is wrong, it should be …', 提交异议: 'File',
  本市奖励占全区: "City's share of the province's awards", 全区: 'Province',
  '名单公示后显示本市占全区奖励的比例。': "The city's share of the province's awards is shown once the list is publicized.",
  // lifecycle steps, history and objection states (lifecycle.ts)
  已复核通过: 'reviewed', 已审批通过: 'approved', 已公示: 'publicized', 已拨付: 'disbursed', 已撤回: 'withdrawn',
  '审批后结果锁定，进入待公示。审批人不能是发起人。确定审批吗？':
    'Approval locks the result for publicity. The approver may be neither the creator nor the reviewer. Approve?',
  '公示后名单对企业可见，公示期开始计算。确定公示吗？': 'Once publicized, enterprises see the list and the notice period starts. Publicize?',
  '拨付将写入奖励台账（奖励、补发、追回），不可撤销。确定拨付吗？': 'Disbursal writes the award ledger (awards, supplements, clawbacks) and cannot be undone. Disburse?',
  '撤回后此批次作废，不可恢复。确定撤回吗？': 'A withdrawn run is void for good. Withdraw?',
  '撤回公示后名单作废，企业可看到撤回理由。请填写撤回理由（至少4个字）：':
    'Withdrawing voids the published list; enterprises see the reason. Give the reason (at least 4 characters):',
  流转: 'Step', 异议成立: 'Objection upheld', 异议不成立: 'Objection rejected', 待处理: 'Open', 已关闭: 'Closed',
  '异议成立将撤回本批次（公示作废），待按更正后的数据重新计算。请填写理由（至少4个字）：':
    'Upholding withdraws this run (the published list is void) until it is recomputed from corrected data. Give the reason (at least 4 characters):',
  '理由将告知企业。请填写理由（至少4个字）：': 'The enterprise will see the reason. Give it (at least 4 characters):',
}
export default glossary
