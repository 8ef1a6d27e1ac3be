// The page's own wording: the Chinese UI strings of the report (metric labels are not here:
// they are data beside each metric in rules/metrics/*.yaml). Plain data with no imports,
// because this module also runs in the page (see page.ts).

export const UI = {
  title: '法治政府建设报告数据',
  subtitle: '各单位历年主要数字',
  metric: '指标',
  year: '年份',
  unit: '单位',
  units: '个单位',
  years: '个年份',
  docs: '份文件',
  province: '省份',
  city: '城市',
  level: '层级',
  period: '期间',
  all: '全部',
  allMetrics: '全部指标（已报告的指标数）',
  trend: '历年变化',
  compare: '单位对比',
  coverage: '覆盖情况',
  coverageNote: '每格一个单位一年：有文件而缺此指标的标“缺”，没有文件的为灰色“无报告”。',
  noData: '所选单位没有这个指标的数字',
  noReport: '无报告',
  missing: '缺',
  reported: '已报告',
  notReported: '未报告',
  conflict: '来源不一致',
  metricsReported: '项指标',
  unknownYear: '年份不明',
  unknownUnit: '未识别单位',
  value: '数值',
  written: '原文写法',
  sentence: '原句',
  document: '文件',
  how: '取值依据',
  otherSources: '其他来源',
  sources: '来源文件',
  traceMissing: '未找到这个数字的原句',
  clickHint: '悬停或点击图上的点查看原文出处；橙色菱形、橙框：几份文件给出的数字不一致。',
  detail: '出处',
  unitsWithout: '个单位无此指标',
  unitsHidden: '个单位在本年无数字',
  generatedFrom: '数据来源',
} as const;

/** level -> name */
export const LEVEL_NAMES: Record<string, string> = {
  province: '省级',
  city: '市级',
  district: '区县级',
  street: '街道乡镇',
  department: '部门',
  '': '层级不明',
};

/** period -> name, in the order periods are offered */
export const PERIOD_NAMES: Record<string, string> = {
  annual: '全年',
  H1: '上半年',
  H2: '下半年',
  Q1: '第一季度',
  Q2: '第二季度',
  Q3: '第三季度',
  Q4: '第四季度',
  'Q1-Q3': '前三季度',
  unknown: '期间不明',
};

/**
 * approx -> the marker written before the figure. `text` is the figure as written without
 * its leading marker; a trailing one (余, 多) stays in the text, so `over` adds none.
 */
export const APPROX_PREFIX: Record<string, string> = { about: '约', near: '近', under: '不足', over: '', '': '' };

/** approx -> what it means, shown beside the written form */
export const APPROX_NAMES: Record<string, string> = { about: '约数', near: '接近', under: '不足', over: '超过', '': '' };

/** how (why the document's headline value was chosen) -> name */
export const HOW_NAMES: Record<string, string> = {
  total: '合计数',
  together: '与同类数字同句',
  passage: '同一段落',
  scope: '全域口径',
  first: '首次出现',
};

/** doc_type -> name */
export const DOC_TYPE_NAMES: Record<string, string> = {
  annual_report: '年度报告',
  half_year_summary: '半年总结',
  work_plan: '工作计划',
  other: '其他文件',
  not_report: '非报告',
};

/** unit class of a metric -> the word after a value on axes and in tooltips */
export const UNIT_SUFFIX: Record<string, string> = {
  case: '件',
  person: '人',
  person_time: '人次',
  time: '次',
  item: '项',
  document: '份',
  yuan: '元',
  org: '个',
  day: '天',
  hour: '小时',
  percent: '',
};
