// Display names for the codes the API uses.
export const designationNames: Record<string, string> = {
  top500: '产值排全区前500名企业',
  dragon_head: '自治区认定的工业龙头企业',
  little_giant: '专精特新“小巨人”企业',
  single_champion: '单项冠军企业',
  new_in_scale: '新建入规企业',
  covid_supplies: '新冠病毒感染防控重点物资生产企业',
  cr_express: '通过中欧班列出口企业',
}
export const roleNames: Record<string, string> = {
  province_admin: '自治区工业和信息化厅',
  city_official: '设区市工信部门',
  dept_handler: '责任单位',
  enterprise: '企业',
  auditor: '审计',
  system_admin: '系统管理员',
  security_admin: '安全管理员',
  audit_admin: '审计管理员',
}
export const tableNames: Record<string, string> = {
  enterprises: '企业名录',
  designations: '企业认定',
  output: '月度产值',
}
