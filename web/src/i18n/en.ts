import type zh from './zh-CN'

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> }

const en: Widen<typeof zh> = {
  app: { name: 'Zhenxing', full: 'Guangxi Industrial Policy Platform', skip: 'Skip to main content' },
  common: {
    search: 'Search', reset: 'Reset', confirm: 'OK', cancel: 'Cancel', save: 'Save', back: 'Back', refresh: 'Refresh',
    actions: 'Actions', detail: 'Details', download: 'Download', export: 'Export', loading: 'Loading…', yes: 'Yes', no: 'No',
    all: 'All', city: 'City', status: 'Status', total: 'Total', wan: '10k yuan', yuan: 'yuan', none: 'None',
    retry: 'Retry', notFound: 'Not found', notFoundHint: 'This record does not exist or is outside your data scope. Go back to the list and search again.',
    errorTitle: 'Loading failed', emptyHint: 'No data', noPermission: 'You may not open this page', home: 'Home',
    closeOthers: 'Close others', closeAll: 'Close all', close: 'Close', language: '中文',
  },
  login: {
    title: 'Sign in', username: 'User name', password: 'Password', captcha: 'Captcha', submit: 'Sign in',
    captchaRefresh: 'New captcha', required: 'Please enter the {0}', failed: 'Sign-in failed',
    encrypted: 'The password is encrypted with SM2 before it is sent', captchaNeeded: 'Type the characters in the picture',
  },
  password: {
    title: 'Change password', forced: 'First sign-in or expired password: please choose a new password.', old: 'Current password',
    new: 'New password', repeat: 'Repeat new password', mismatch: 'The new passwords differ', done: 'Password changed',
    rule: 'At least 8 characters from three of: upper case, lower case, digits, symbols',
  },
  idle: {
    title: 'Session about to end', body: 'No activity for {0} minutes: you will be signed out in {1} s to protect the data.',
    stay: 'Stay signed in', logout: 'Sign out now', ended: 'The session ended (idle timeout or signed out by an administrator). Please sign in again.',
  },
  layout: { logout: 'Sign out', changePassword: 'Change password', role: 'Role', scope: 'Scope', openPages: 'Open pages', expand: 'Expand the menu', collapse: 'Collapse the menu' },
  menu: {
    home: 'Home', enterprises: 'Enterprises', enterpriseDetail: 'Enterprise', data: 'Data', uploads: 'Uploads',
    verification: 'Verification', awards: 'Awards', runs: 'Award runs', ledger: 'Award ledger', runDetail: 'Run', runCompare: 'Compare runs',
    policies: 'Policies', policyDetail: 'Policy', tasks: 'Tasks', system: 'System', users: 'Users',
    security: 'Security settings', sessions: 'Sessions', audit: 'Audit log', simulate: 'Simulation',
    desk: 'Service desk', deskReport: 'Report a problem', deskCases: 'Cases', deskCase: 'Case', deskCoverage: 'Enterprises', deskKpi: 'Desk KPIs',
  },
  status: {
    draft: 'Draft', reviewed: 'Reviewed', approved: 'Approved', publicized: 'Publicized', disbursed: 'Disbursed', withdrawn: 'Withdrawn',
    pending: 'Pending', verified: 'Verified', rejected: 'Rejected', open: 'Open', in_progress: 'In progress', resolved: 'Resolved',
  },
}
export default en
