// 简体中文 (default). Keys by area; a module's own strings live under its name.
export default {
  app: { name: '振兴', full: '广西工业振兴政策平台', skip: '跳到主要内容' },
  common: {
    search: '查询', reset: '重置', confirm: '确定', cancel: '取消', save: '保存', back: '返回', refresh: '刷新',
    actions: '操作', detail: '详情', download: '下载', export: '导出', loading: '加载中…', yes: '是', no: '否',
    all: '全部', city: '设区市', status: '状态', total: '合计', wan: '万元', yuan: '元', none: '无',
    retry: '重试', notFound: '不存在', notFoundHint: '该记录不存在，或不在您的数据范围内。请返回列表重新查找。',
    errorTitle: '加载失败', emptyHint: '暂无数据', noPermission: '您没有访问此页面的权限', home: '返回首页',
    closeOthers: '关闭其他', closeAll: '关闭全部', close: '关闭', language: 'English',
  },
  login: {
    title: '用户登录', username: '用户名', password: '密码', captcha: '验证码', submit: '登录',
    captchaRefresh: '看不清？换一张', required: '请输入{0}', failed: '登录失败',
    encrypted: '密码经 SM2 国密算法加密后传输', captchaNeeded: '请输入图中的验证码',
  },
  password: {
    title: '修改密码', forced: '首次登录或密码已过期，请先修改密码。', old: '原密码', new: '新密码',
    repeat: '确认新密码', mismatch: '两次输入的新密码不一致', done: '密码已修改', rule: '至少8位，包含大写字母、小写字母、数字、符号中的三类',
  },
  idle: {
    title: '即将超时退出', body: '您已 {0} 分钟没有操作，为保护数据安全，{1} 秒后将自动退出。', stay: '继续使用', logout: '立即退出',
    ended: '会话已结束（超时或被管理员强制下线），请重新登录。',
  },
  layout: { logout: '退出登录', changePassword: '修改密码', role: '角色', scope: '数据范围', openPages: '已打开的页面', expand: '展开菜单', collapse: '收起菜单' },
  menu: {
    home: '首页', enterprises: '企业', enterpriseDetail: '企业详情', data: '数据管理', uploads: '数据导入',
    verification: '数据核定', awards: '奖励测算', runs: '测算批次', ledger: '奖励台账', runDetail: '批次详情', runCompare: '批次比较',
    policies: '政策', policyDetail: '政策条款', tasks: '任务清单', system: '系统管理', users: '用户管理',
    security: '安全策略', sessions: '在线会话', audit: '审计日志', simulate: '政策模拟',
    desk: '服务台', deskReport: '我要反映问题', deskCases: '问题清单', deskCase: '问题详情', deskCoverage: '企业清单', deskKpi: '服务台考核',
  },
  status: {
    draft: '草稿', reviewed: '已复核', approved: '已审批', publicized: '公示中', disbursed: '已拨付', withdrawn: '已撤回',
    pending: '待核定', verified: '已核定', rejected: '已退回', open: '待办', in_progress: '办理中', resolved: '已办结',
  },
} as const
