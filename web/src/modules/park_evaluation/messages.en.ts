// The 亩均效益 evaluation's texts in English (keys as in messages.zh.ts; helpers.test.ts checks both).
export default {
  menu: { evaluations: 'Per-mu evaluation', evaluation: 'Evaluation', enterprise: 'Enterprise evaluation', mine: 'My per-mu evaluation' },
  common: { colon: ': ', refresh: 'Refresh', year: '{year}', sep: ', ', cancel: 'Cancel', search: 'Search', reset: 'Reset', noPark: 'Outside parks', to: 'to' },
  list: {
    title: 'Per-mu efficiency evaluations',
    intro: 'The graded evaluation of key parks by per-mu efficiency (measure 16 of the 2023 measures): each evaluation applies one scheme to one year; enterprises are graded by their composite score.',
    empty: 'No evaluation yet.',
  },
  run: {
    button: 'Run an evaluation', title: 'Run a per-mu efficiency evaluation', scheme: 'Scheme', indicators: 'Indicators and weights', year: 'Year',
    submit: 'Evaluate', needScheme: 'Choose a scheme', needYear: 'Enter the year', done: 'Evaluation #{id} made: {rated} enterprises rated',
  },
  field: {
    id: 'Evaluation', year: 'Year', scheme: 'Scheme', rated: 'Rated', exempt: 'Exempt (T)', missing: 'Missing data', grades: 'Grades',
    createdAt: 'Evaluated at (Beijing time)', createdBy: 'By', status: 'Status', indicator: 'Indicator', weight: 'Weight', benchmark: 'Benchmark', unit: 'Unit',
    city: 'City', park: 'Park', grade: 'Grade', rank: 'Rank', enterprise: 'Enterprise', landMu: 'Land (mu)', score: 'Score',
    indicatorScore: 'Score', indicatorValue: 'Value', population: 'Group', level: 'Level', areaMu: 'Area (mu)', enterprises: 'Enterprises',
  },
  detail: {
    title: 'Per-mu efficiency evaluation {year} #{id}', made: 'Evaluated {at} (Beijing time) by {by}', total: '{n} in all',
    missingTitle: 'Enterprises with land but no figures for the year ({n})', missingHint: 'These enterprises are not in this evaluation; once their annual figures are in, a new evaluation includes them.',
    benchmarks: 'Benchmarks', noBenchmarks: 'This scheme ranks within groups, each with its own benchmarks: see each enterprise\'s explanation.', benchmarksHint: 'Each indicator\'s benchmark is the rated population\'s level; an indicator scores weight × value ÷ benchmark, capped as the scheme says.',
  },
  status: { draft: 'Draft', reviewed: 'Reviewed', approved: 'Approved', publicized: 'In public notice', effective: 'Effective', withdrawn: 'Withdrawn' },
  step: {
    reviewed: 'Review', approved: 'Approve', publicized: 'Publicize', effective: 'Notice over: make effective', withdrawn: 'Withdraw',
    confirm: '{step}? The creator can neither review nor approve, the reviewer cannot approve.', reason: 'Withdrawing a publicized evaluation needs a reason (at least 4 characters), which enterprises see:',
    reasonShort: 'The reason needs at least 4 characters', done: 'Done: {step}', noticeUntil: 'Public notice until {date}', title: 'Lifecycle',
  },
  tab: { ranking: 'Enterprise ranking', parks: 'Park ranking', map: 'Park map', sensitivity: 'Sensitive enterprises', whatIf: 'What if' },
  chart: {
    enterprises: 'Enterprises', byCity: 'Grades by city', byCityLabel: 'Stacked bar chart of the enterprises\' grades by city',
    byPark: 'Grades by park', byParkLabel: 'Stacked bar chart of the enterprises\' grades by park',
  },
  grade: { A: 'A', B: 'B', C: 'C', D: 'D', T: 'T (exempt)' },
  ranking: { q: 'Enterprise name or USCC', allCity: 'All cities', allPark: 'All parks', allGrade: 'All grades', empty: 'No enterprise matches.' },
  parks: {
    empty: 'This evaluation has no park data.', hint: 'Parks are evaluated on their enterprises\' per-mu efficiency; expand a row for the explanation.',
    lines: 'Notes', noLines: 'No explanation.', valueScore: 'Indicator columns show the value (the score in brackets).', notRated: 'Parks without a rated enterprise, not evaluated: ',
  },
  map: {
    hint: 'Parks are drawn at their city (a city\'s parks around its centre; not their real location); bubble size is the park\'s area, colour its grade. Drag and zoom.',
    label: 'Bubble chart of the parks: position by city, size by area, colour by grade', unplaced: '{n} parks have a city that cannot be placed and are not drawn: ',
  },
  sensitivity: {
    empty: 'No enterprise\'s grade changes with a 1% change.', hint: '{n} enterprises sit on a grade boundary: a 1% change in one of their figures changes their grade.',
    q: 'Filter by enterprise name, USCC or city', change: 'Change', flip: 'Grade', up: 'up 1%', down: 'down 1%',
  },
  column: {
    tax_yuan: 'tax', value_added_yuan: 'value added', land_mu: 'land area', energy_tce: 'energy use', revenue_yuan: 'revenue', employees: 'employees', rd_yuan: 'R&D spending',
  },
  direction: { up: 'raised', down: 'lowered' },
  whatIf: {
    noScheme: 'The scheme of this evaluation cannot be found; nothing to compute.',
    intro: 'Change the indicators\' weights and the grade splits: this evaluation\'s data is graded again at once, showing the count per grade and the enterprises that move. The evaluation itself is not changed.',
    weights: 'Weights', weightOf: 'Weight: ', sum: 'Weights add up to {sum}', splits: 'Grade splits (cumulative)', upTo: '{grade}: top', splitOf: 'Cumulative share of {grade}',
    splitsHint: 'Cumulative percent of the ranking, rising grade by grade; the last is 100.', run: 'Compute', restore: 'Back to the scheme', result: 'Result',
    timing: '{changed} enterprises change grade; server {server} ms, round trip {trip} ms.', before: 'This evaluation', after: 'What if', diff: 'Change',
    moved: 'Enterprises that change grade ({n})', first: 'The table lists the first {n}.', none: 'No enterprise changes grade.', gradeChange: 'Grade',
    scoreBefore: 'Score', scoreAfter: 'What-if score', badWeight: 'The weight of {name} must be a number of at least 0 (e.g. 30 or 12.5)', allZero: 'The weights cannot all be 0',
    badPercent: 'The cumulative share of {grade} must be a whole number from 1 to 100', notRising: 'The cumulative share of {grade} must be above the previous grade\'s', lastNot100: 'The last grade\'s cumulative share must be 100',
  },
  enterprise: {
    back: 'Back to the evaluations', backMine: 'Back to my evaluation', explanation: 'Explanation', noLines: 'No explanation.',
    inverse: 'What lifts it to the next grade', noInverse: 'The top grade already, or no single figure can lift the grade.', history: 'Across the years', noHistory: 'No earlier evaluation.',
    consequences: 'Differentiated measures', noConsequences: 'No differentiated measure applies to this grade.', years: 'Years running', yearsRunning: '{n} years running',
    department: 'Department', measure: 'Measure', amount: 'Amount',
  },
  objection: {
    title: 'Objections', intro: 'During the notice period an enterprise may object to its own result (the whole row, its land area or one indicator); the province decides.',
    clause: 'Objecting to', whole: 'The whole result', land: 'The land area', text: 'Your objection (at least 4 characters)', submit: 'Object', filed: 'Objection filed',
    notOpen: 'This evaluation is not in its notice period: no objection can be filed.', none: 'No objections.', status: 'Status', reason: 'Decision', decide: 'Decide',
    uphold: 'Upheld (withdraw and recompute)', reject: 'Rejected', decideTitle: 'Decide the objection', decideReason: 'The reason (at least 4 characters)', decided: 'Decided',
    st: { open: 'Open', upheld: 'Upheld', rejected: 'Rejected', closed: 'Closed' },
  },
  mine: {
    title: 'My per-mu evaluation', intro: 'Your grade, score and rank in each year\'s per-mu efficiency evaluation; open one for the explanation and what would lift it.', empty: 'No per-mu evaluation result for your enterprise yet.',
    latest: 'Grade for {year}', rankOf: 'No. {rank} of {n}', open: 'See the explanation', detail: 'Detail', view: 'View',
  },
}
