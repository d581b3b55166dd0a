/** The name of BENCHMARKS.md's section written by bench/summary.ts (summary mode against line-by-line, issue 14). */
export const SUMMARY_SECTION = 'summary';
