/**
 * The insights facts that are histograms of stays (README "Insights"): their buckets are tenths of a day, so a
 * monthly sum per dimension would hold about one row per stay; insights_slice leaves them out and the reports
 * read them from insights_month and insights_fact.
 */
export const HISTOGRAM_MEASURES: readonly string[] = ['cycle:to_signing', 'cycle:to_go_live', 'stage_days'];
