import type { ReportSource } from '../dsl/report_source';

export type { ReportSource };

/** A World that can report itself; the hooks check for it so they also work with other Worlds. */
export interface ReportingWorld {
  reportSource(): ReportSource;
}

/** File names and media types of the per-scenario attachments (Cucumber attachments, turned into Allure ones). */
export const ATTACHMENTS = {
  seed: { fileName: 'seed', mediaType: 'text/plain' },
  state: { fileName: 'cluster-state.yaml', mediaType: 'text/yaml' },
  timeline: { fileName: 'timeline.txt', mediaType: 'text/plain' },
  diff: { fileName: 'diff', mediaType: 'text/plain' },
  scores: { fileName: 'scheduler-scores.txt', mediaType: 'text/plain' },
} as const;
