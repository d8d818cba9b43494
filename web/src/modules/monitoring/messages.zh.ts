// 监测调度的文字（vue-i18n，键在 monitoring 之下；英文见 messages.en.ts，两者的键由 helpers.test.ts 核对）。
export default {
  menu: {
    group: '监测调度', overview: '监测总览', city: '城市详情', top500: '重点企业', warnings: '预警', projects: '重点项目',
    bulletins: '月度通报', bulletin: '通报', data: '监测数据',
  },
  common: {
    sep: '，', colon: '：', month: '月份', period: '{year}年{span}', refresh: '刷新', search: '查询', reset: '重置', allCities: '全部设区市', city: '设区市',
    back: '返回', none: '暂无数据', noMonths: '还没有可报告的月份：上传并核定月度数据后即可查看。', yuan: '元', view: '查看',
  },
  field: {
    city: '城市', output: '规上工业总产值（元）', outputShort: '累计', base: '上年同期', growth: '同比增长（%）', rank: '排位', rankChange: '排位变化',
    contribution: '拉动（百分点）', enterprises: '企业数', valueAdded: '增加值增速（%）', investment: '工业投资增速（%）',
    bondsIssued: '专项债发行（元）', bondsUsed: '专项债使用（元）', bonds: '专项债', manufacturing: '制造业增加值占比（%）', published: '通报指标',
    industry: '行业', group: '类别', name: '名称', uscc: '统一社会信用代码', enterprise: '企业', position: '位次',
    monthOutput: '当月产值（元）', monthGrowth: '当月增长（%）', plan: '计划产值（元）', planCompletion: '计划完成（%）',
    electricityGrowth: '用电量增长（%）', electricityGap: '电产差（百分点）', warnings: '预警', level: '级别', rule: '规则',
    message: '预警内容', figures: '数据', case: '服务台问题', month: '月份', project: '项目', category: '类别', planned: '计划投资（元）',
    completed: '已完成投资（元）', completion: '完成率（%）', milestones: '节点', projects: '项目数', due: '临近节点', overdue: '逾期节点',
    status: '状态', preparedAt: '生成时间（北京时间）', issuedAt: '印发时间（北京时间）', dueDate: '应发日期', table: '数据表', rows: '行数',
    uploadedAt: '上传时间（北京时间）', uploadedBy: '上传人', verifiedAt: '核定时间（北京时间）', file: '文件', line: '行号', fieldName: '字段',
    value: '值', defect: '错误说明', total: '全区',
  },
  overview: {
    title: '监测总览', intro: '各设区市规上工业总产值累计同比（同口径），按增长排位；拉动为占全区上年同期的百分点。', chart: '各设区市累计增长',
    chartLabel: '各设区市规上工业总产值累计增长柱状图，虚线为全区增长', growth: '累计增长（%）', total: '全区',
    publishedNote: '其他设区市数据以通报发布为准', publishedFrom: '其他设区市数据为已印发通报的数据', tabs: { cities: '分城市', industries: '分行业', groups: '分类别' },
    own: '本市',
  },
  city: {
    title: '{city} {period}', enterprises: '企业贡献', enterprisesHint: '按对本市增长的拉动排序（变化绝对值大的在前）；拉动为占本市上年同期的百分点。',
    industries: '分行业', back: '返回监测总览', noEnterprises: '没有企业数据。',
  },
  top500: {
    title: '重点企业（前500名）', intro: '{year}年重点企业名单（{basis}）。计划完成为当月产值 ÷ 上月报送的计划；电产差为用电量累计增长与产值累计增长之差。', q: '企业名称或统一社会信用代码',
    basis: { output: '按上年产值排名', designation: '按认定名单' }, empty: '没有符合条件的企业。',
  },
  level: { red: '红色预警', orange: '橙色预警', yellow: '黄色预警', blue: '蓝色预警' },
  warnings: {
    title: '预警', intro: '按监测规则自动生成；红色、橙色预警在服务台为企业开立主动服务问题，问题办结后预警关闭。', scan: '扫描预警',
    scanConfirm: '按{period}的数据评估预警规则并开立服务台问题？', scanDone: '已生成 {warnings} 条预警，开立 {cases} 个服务台问题',
    allLevels: '全部级别', empty: '没有预警。', noCase: '—', caseLink: '问题 #{id}',
  },
  projects: {
    title: '重点项目', intro: '项目节点：已完成、滞后完成、逾期未完成、30天内到期、未到期。', byCity: '分城市汇总', list: '项目清单',
    category: '项目类别', allCategories: '全部类别', empty: '没有项目。', investment: '投资完成',
    state: { done: '已完成', late: '滞后完成', overdue: '逾期', due: '临近', pending: '未到期' }, planned: '计划 {date}', actual: '实际 {date}',
  },
  bulletins: {
    title: '月度通报', intro: '每月通报按日历在次月第 N 个工作日生成；自治区工信厅核对后印发，印发后不再改变。', prepare: '生成通报',
    prepareTitle: '生成月度通报', prepareMonth: '通报月份', prepared: '已生成{period}通报', issue: '印发',
    issueConfirm: '印发{period}通报？印发后通报冻结，各设区市可见其他设区市数据。', issued: '已印发', empty: '还没有通报。',
    status: { draft: '草稿', issued: '已印发' }, docx: '下载 DOCX', xlsx: '下载 XLSX', open: '打开',
  },
  bulletin: {
    title: '{period}工业经济运行通报', highlights: '要点', cities: '各设区市', top500: '重点企业', top500Count: '企业数',
    top500Output: '累计产值（元）', top500Growth: '累计增长（%）', warnings: '预警', projects: '重点项目进展', back: '返回通报列表',
    fileName: '{period}工业经济运行通报',
  },
  data: {
    title: '监测数据', intro: '自治区工信厅整表上传（CSV：UTF-8 或 GB18030；或 XLSX），与库中企业一并校验，有错误则整表不导入。上传后待核定，核定前仍使用上一版已核定数据。',
    firstDefects: '仅显示前 {n} 处。', upload: '上传', verify: '核定', verifyConfirm: '核定本市在{table}中的数据（全表 {rows} 行）？各有关市均核定后按此版计算。', verified: '已核定，此版生效', checked: '本市已核定，待其他市核定', reject: '退回', rejectReason: '退回原因（将通知自治区重新上传）', rejected: '已退回', awaiting: '待核定的市',
    uploaded: '已上传 {rows} 行，待核定', defects: '未导入：{n} 处错误，请修改文件后重新上传', never: '未上传',
    tables: { enterprise_monthly: '企业月度数据', city_indicators: '设区市指标', projects: '重点项目', project_investment: '项目投资完成' },
    status: { pending: '待核定', verified: '已核定' }, choose: '选择文件',
  },
}
