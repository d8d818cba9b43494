// 亩均效益评价的文字（vue-i18n，键在 parks 之下；英文见 messages.en.ts，两者的键由 helpers.test.ts 核对）。
export default {
  menu: { evaluations: '亩均效益评价', evaluation: '评价详情', enterprise: '企业亩均评价', mine: '我的亩均评价' },
  common: { colon: '：', refresh: '刷新', year: '{year}年', sep: '、', cancel: '取消', search: '查询', reset: '重置', noPark: '园区外', to: '变为' },
  list: {
    title: '亩均效益评价批次',
    intro: '以亩均效益为导向的重点园区分级考核评价（《若干措施》第十六条）：每个批次按一个评价方案和一个年度计算，企业按综合得分排序分档。',
    empty: '还没有评价批次。',
  },
  run: {
    button: '运行评价', title: '运行亩均效益评价', scheme: '评价方案', indicators: '指标与权重', year: '评价年度', submit: '开始评价',
    needScheme: '请选择评价方案', needYear: '请填写评价年度', done: '评价批次 #{id} 已生成，参评企业 {rated} 家',
  },
  field: {
    id: '批次', year: '年度', scheme: '评价方案', rated: '参评企业', exempt: '不参评（T类）', missing: '缺少数据', grades: '分档',
    createdAt: '评价时间（北京时间）', createdBy: '评价人', status: '状态', indicator: '指标', weight: '权重', benchmark: '基准值', unit: '单位',
    city: '设区市', park: '园区', grade: '档次', rank: '排名', enterprise: '企业', landMu: '用地（亩）', score: '综合得分',
    indicatorScore: '得分', indicatorValue: '数值', population: '评价组', level: '园区级别', areaMu: '面积（亩）', enterprises: '企业数',
  },
  detail: {
    title: '{year}年度亩均效益评价 #{id}', made: '{at}（北京时间）由 {by} 评价', total: '合计 {n} 家',
    missingTitle: '有用地但缺少本年度数据的企业（{n} 家）', missingHint: '这些企业未参加本次评价；补齐年度数据后重新评价即可纳入。',
    benchmarks: '评价基准值', noBenchmarks: '本方案分组评价，各组基准值不同，见各企业的评价说明。', benchmarksHint: '各指标的基准值为参评企业的总体水平；指标得分 = 权重 × 数值 ÷ 基准值，按方案封顶。',
  },
  status: { draft: '草稿', reviewed: '已复核', approved: '已审批', publicized: '公示中', effective: '已生效', withdrawn: '已撤回' },
  step: {
    reviewed: '复核通过', approved: '审批通过', publicized: '公示', effective: '公示期满，生效', withdrawn: '撤回',
    confirm: '确定“{step}”吗？发起人不能复核或审批，复核人不能审批。', reason: '撤回公示中的评价须填写理由（至少4个字），企业可看到：',
    reasonShort: '理由至少4个字', done: '已{step}', noticeUntil: '公示至 {date}', title: '评价流转',
  },
  tab: { ranking: '企业排名', parks: '园区排名', map: '园区分布', sensitivity: '敏感企业', whatIf: '调整测算' },
  chart: {
    enterprises: '企业数', byCity: '各设区市企业分档', byCityLabel: '各设区市的企业分档堆叠柱状图',
    byPark: '各园区企业分档', byParkLabel: '各园区的企业分档堆叠条形图',
  },
  grade: { A: 'A类', B: 'B类', C: 'C类', D: 'D类', T: 'T类（不参评）' },
  ranking: { q: '企业名称或统一社会信用代码', allCity: '全部设区市', allPark: '全部园区', allGrade: '全部档次', empty: '没有符合条件的企业。' },
  parks: {
    empty: '本次评价没有园区数据。', hint: '园区按入驻企业的亩均效益综合评价；展开一行查看评价说明。', lines: '说明', noLines: '没有说明。',
    valueScore: '指标列为数值（括号内为得分）。', notRated: '没有参评企业、未评价的园区：',
  },
  map: {
    hint: '园区按所在设区市的位置示意（同一城市的园区围绕城市中心排布，不代表实际地理位置）；气泡大小表示园区面积，颜色表示档次。可拖动、缩放。',
    label: '园区分布气泡图：位置为所在设区市，大小为面积，颜色为档次', unplaced: '以下 {n} 个园区的设区市无法定位，未在图中显示：',
  },
  sensitivity: {
    empty: '没有企业的档次会因1%的变化而改变。', hint: '共 {n} 家企业处在档次边界：其某一项数据变化1%，档次即改变。',
    q: '按企业名称、统一社会信用代码或设区市筛选', change: '数据变化', flip: '档次变化', up: '增加1%', down: '减少1%',
  },
  column: {
    tax_yuan: '税收', value_added_yuan: '增加值', land_mu: '用地面积', energy_tce: '能耗', revenue_yuan: '营业收入', employees: '从业人数', rd_yuan: '研发投入',
  },
  direction: { up: '提高', down: '降低' },
  whatIf: {
    noScheme: '找不到本次评价所用的方案，无法测算。',
    intro: '调整指标权重和分档比例，按本次评价的数据即时重算，看各档企业数和档次变化的企业。测算不改变本次评价结果。',
    weights: '指标权重', weightOf: '权重：', sum: '权重合计 {sum}', splits: '分档比例（累计）', upTo: '{grade}类 排名前', splitOf: '{grade}类累计比例',
    splitsHint: '按排名累计的百分比，逐档递增，最后一档为100。', run: '测算', restore: '恢复方案设置', result: '测算结果',
    timing: '{changed} 家企业档次变化；服务器计算 {server} 毫秒，往返 {trip} 毫秒。', before: '本次评价', after: '测算', diff: '变化',
    moved: '档次变化的企业（{n} 家）', first: '下表列出前 {n} 家。', none: '没有企业的档次变化。', gradeChange: '档次',
    scoreBefore: '原得分', scoreAfter: '测算得分', badWeight: '{name}的权重须为不小于0的数（如 30 或 12.5）', allZero: '权重不能全为0',
    badPercent: '{grade}类的累计比例须为1到100的整数', notRising: '{grade}类的累计比例须大于上一档', lastNot100: '最后一档的累计比例须为100',
  },
  enterprise: {
    back: '返回评价批次', backMine: '返回我的亩均评价', explanation: '评价说明', noLines: '没有说明。',
    inverse: '如何提升到上一档', noInverse: '已是最高档，或无单项数据的调整可以提升档次。', history: '历年评价', noHistory: '没有往年评价。',
    consequences: '差别化政策', noConsequences: '本档次没有适用的差别化措施。', years: '连续年数', yearsRunning: '连续{n}年',
    department: '实施部门', measure: '措施', amount: '标准',
  },
  objection: {
    title: '异议', intro: '公示期内，企业可对本企业的评价结果（整行、用地面积或某项指标）提出异议，由自治区工信厅处理。',
    clause: '异议事项', whole: '整体结果', land: '用地面积', text: '异议内容（至少4个字）', submit: '提出异议', filed: '异议已提交',
    notOpen: '本批次不在公示期，不能提出异议。', none: '没有异议。', status: '状态', reason: '处理意见', decide: '处理',
    uphold: '成立（撤回重算）', reject: '不成立', decideTitle: '处理异议', decideReason: '请填写处理意见（至少4个字）', decided: '已处理',
    st: { open: '待处理', upheld: '成立', rejected: '不成立', closed: '已关闭' },
  },
  mine: {
    title: '我的亩均评价', intro: '本企业在各年度亩均效益评价中的档次、得分和排名；点击查看评价说明和提升建议。', empty: '本企业还没有亩均效益评价结果。',
    latest: '{year}年度档次', rankOf: '第 {rank} 名 / 共 {n} 家', open: '查看评价说明', detail: '详情', view: '查看',
  },
}
