/**
 * The calendars board's texts for regions' default calendars and the cases on a calendar (issue 20), in
 * English and Chinese, kept apart from the shared catalog so other areas' additions never meet these lines.
 */
export const CALENDAR_BOARD_MESSAGES = {
  'calendars.regions': ["Regions' default calendars", '各区域的默认日历'],
  'calendars.regionsIntro': [
    'A case started in a region counts on its calendar unless the start names another; a region not listed counts on Mon-Fri. A change reaches cases started after it.',
    '在某区域发起的案例使用该区域的默认日历，除非发起时另行指定；未列出的区域使用周一至周五日历。修改只影响之后发起的案例。',
  ],
  'calendars.region': ['Region', '区域'],
  'calendars.regionCalendar': ['Default calendar', '默认日历'],
  'calendars.setBy': ['Set by', '设置人'],
  'calendars.setAt': ['When', '时间'],
  'calendars.noRegions': [
    'No region has a default calendar yet: every start counts on Mon-Fri.',
    '尚无区域设置默认日历：所有案例都按周一至周五计算。',
  ],
  'calendars.setDefault': ['Set default', '设为默认'],
  'calendars.removeDefault': ['Remove', '移除'],
  'calendars.defaultSaved': ['{region} now counts on {calendar}.', '{region} 现使用 {calendar}。'],
  'calendars.openCases': ['Open cases on this calendar', '使用此日历的进行中案例'],
  'calendars.noOpenCases': ['No open case runs on this calendar.', '没有进行中的案例使用此日历。'],
  'calendars.case': ['Case', '案例'],
  'calendars.caseRegions': ['Regions', '区域'],
  'calendars.coveredYears': ['Years with complete holidays: {years}', '节假日已完整录入的年份：{years}'],
  'calendars.noCoveredYears': [
    'No year has complete holidays: every business-day date on this calendar is approximate (weekends only).',
    '尚无年份录入完整节假日：此日历上按业务日计算的日期都是近似值（仅排除周末）。',
  ],
  'startForm.regionCalendar': ["The region's default", '区域默认日历'],
  'startForm.regionCalendarIs': ["The region's default ({calendar})", '区域默认日历（{calendar}）'],
} as const satisfies Record<string, readonly [string, string]>;
