// English of the service desk's messages (same keys as messages.zh.ts).
import type zh from './messages.zh'

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> }

const en: Widen<typeof zh> = {
  category: { labor: 'Labour', land: 'Land', energy: 'Energy', finance: 'Financing', logistics: 'Logistics', approval: 'Reviews and approvals', policy: 'Policy payments', other: 'Other' },
  urgency: { normal: 'Normal', urgent: 'Urgent' },
  status: { submitted: 'Awaiting dispatch', dispatched: 'Dispatched', accepted: 'Accepted', in_progress: 'In progress', waiting: 'Waiting for the enterprise', replied: 'Replied', closed: 'Closed' },
  sla: { ok: 'On track', warning: 'Warning', breached: 'Overdue', met: 'Met', missed: 'Missed' },
  action: {
    submit: 'Submit', accept: 'Accept', start: 'Start', request_info: 'Ask the enterprise', provide_info: 'Provide information', reply: 'Reply',
    confirm: 'Confirm and close', reopen: 'Reopen', dispatch: 'Dispatch', redispatch: 'Redispatch', return: 'Return', close: 'Close',
    request_extension: 'Request an extension', approve_extension: 'Approve the extension', reject_extension: 'Reject the extension', complete: 'Complete', escalate: 'Escalate',
    report: 'Reported', warn: 'Limit near', merge: 'Merged as a duplicate', subtask_accept: 'Sub-task accepted', subtask_complete: 'Sub-task done',
  },
  subtask: { open: 'Open', accepted: 'In progress', done: 'Done' },
  field: {
    id: 'No.', enterprise: 'Enterprise', uscc: 'USCC', city: 'City', category: 'Category', urgency: 'Urgency', title: 'Title',
    description: 'Description', status: 'Status', lead: 'Lead department', co: 'Co-handling', created: 'Submitted', updated: 'Updated',
    responseDue: 'Respond by', resolutionDue: 'Resolve by', sla: 'SLA', rating: 'Rating', reporter: 'Reported by', department: 'Department',
    due: 'Due', attachments: 'Attachments', duplicates: 'Possible duplicates', kind: 'Kind', commissioner: 'Commissioner', openCases: 'Open cases',
  },
  common: {
    beijing: 'Beijing time', bjSuffix: ' (Beijing time)', colon: ': ', semicolon: '; ', export: 'Export XLSX', exported: 'Exported', search: 'Search', reset: 'Reset', all: 'All', none: 'None',
    provisional: 'Provisional', provisionalHint: 'The limit is provisional (category or calendar to be confirmed)', escalated: 'Escalated', duplicateOf: 'Possible duplicate of ',
    view: 'View', cancel: 'Cancel', confirm: 'OK', saved: 'Saved', refresh: 'Refresh',
  },
  report: {
    title: 'Report a problem', intro: 'Received 24 hours a day and dispatched at once to the lead department; follow it in the case list.',
    enterprise: 'Enterprise', pickEnterprise: 'Choose one of your enterprises', noEnterprises: 'No enterprise is assigned to you yet', usccPlaceholder: 'USCC (18 characters)',
    category: 'Category', urgency: 'Urgency', subject: 'Title', subjectPlaceholder: 'The problem in one sentence (up to 100 characters)',
    description: 'Description', descriptionPlaceholder: 'What happened, what was tried, what help is needed (up to 5000 characters)',
    attachments: 'Attachments', attachHint: 'Up to 5 files of at most 10 MiB each: PDF, JPEG, PNG, XLSX, DOCX', choose: 'Choose files', remove: 'Remove',
    submit: 'Submit', submitting: 'Submitting…', done: 'Submitted as case {id}, dispatched to {lead}', open: 'Follow the case', again: 'Report another problem',
    needEnterprise: 'Choose the enterprise', needTitle: 'Enter a title', tooLong: 'The title has at most 100 characters, the description at most 5000',
    tooMany: 'At most 5 attachments', tooBig: 'The attachment {name} is larger than 10 MiB', reading: 'Reading the attachments…',
  },
  list: {
    title: 'Cases', q: 'Words of the title', allStatus: 'All states', allCategory: 'All categories', allUrgency: 'All urgencies', allCity: 'All cities',
    allDepartment: 'All departments', allSla: 'All SLA states', onlyDuplicates: 'Possible duplicates only', empty: 'No case matches.', file: 'Cases',
  },
  detail: {
    title: 'Case', clocks: 'Time limits', response: 'Response', resolution: 'Resolution', limitHours: '{n} hours', limitDays: '{n} working days',
    extendedTo: 'Extended to', used: 'Used', budget: 'Limit', elapsed: 'Elapsed', paused: 'Paused (waiting for the enterprise)', respondedAt: 'Responded',
    resolvedAt: 'Replied', closedAt: 'Closed', timeline: 'History', subtasks: 'Co-handling tasks', noSubtasks: 'No co-handling task.',
    noAttachments: 'No attachment.', actions: 'What you can do', noActions: 'There is nothing for you to do on this case now.', reason: 'Reason',
    reasonPlaceholder: 'The reason or the reply', department: 'Department', rating: 'Satisfaction', extensionDays: 'Extension (working days)',
    needReason: 'Enter the reason', needDepartment: 'Choose the department', needRating: 'Rate from 1 to 5 stars', done: 'Done: {action}',
    stateChange: '{from} → {to}', ratingGiven: 'Rated {n} stars', download: 'Download', description: 'Description',
  },
  tasks: { title: 'Tasks', intro: 'Cases your department leads and co-handling tasks not yet done, soonest due first.', allDepartment: 'All departments', case: 'Lead case', subtask: 'Co-handling task', empty: 'Nothing to do.', file: 'Tasks' },
  coverage: {
    title: 'Enterprises', intro: 'Above-scale industrial enterprises and their commissioners; assign the uncovered ones one by one or all at once.', uncovered: 'Uncovered only',
    allCity: 'All cities', allCommissioner: 'All commissioners', assign: 'Assign a commissioner', assignTo: 'Assign to', auto: 'Assign automatically',
    autoConfirm: 'Assign every uncovered enterprise to the least loaded commissioner of its city (else of another city)?', assigned: '{n} enterprises assigned',
    selected: '{n} selected', load: 'Load (enterprises)', commissioners: 'Commissioner load', needCommissioner: 'Choose a commissioner', file: 'Enterprises', uncoveredTag: 'Uncovered',
  },
  kpi: {
    title: 'Service desk KPIs', group: 'Group', byDepartment: 'By department', byCity: 'By city', byCategory: 'By category', byWeek: 'By week',
    from: 'From', to: 'To', key: 'Group', cases: 'Cases', responseDue: 'Due a response', respondedInTime: 'Responded in time', responseRate: 'Response rate',
    resolutionDue: 'Due a resolution', resolvedInTime: 'Resolved in time', resolutionRate: 'Resolution rate', rated: 'Rated', satisfied: 'Satisfied',
    satisfactionRate: 'Satisfaction', respondMedian: 'Response median', respondP90: 'Response P90', resolveMedian: 'Resolution median',
    resolveP90: 'Resolution P90', total: 'Total', trend: 'Weekly trend', trendLabel: 'Line chart of cases, response rate, resolution rate and satisfaction by week',
    casesOf: 'Cases ({key}, {metric})', noCases: 'No case.', month: 'Month', monthly: 'Export the monthly report (XLSX)', file: 'Service desk monthly report ({month})',
    score: 'Score', clickHint: 'Click a figure for its cases', rate: 'Rate (%)',
  },
  bell: { title: 'Notifications', unread: '{n} unread', none: 'No notification.', readAll: 'Mark all read', open: 'Open' },
}
export default en
