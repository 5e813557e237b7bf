/**
 * What a scenario's World hands to the report hooks (steps/support/hooks_report.ts) once the scenario has ended.
 * Every method must work after the scenario has finished, also when a step failed half-way, and must not move
 * virtual time.
 */
export interface ReportSource {
  /** The seed the scenario ran with (after any `Given the random seed is N`). */
  seed: number;
  /** Every object in the cluster, as one multi-document YAML (`kubectl get -o yaml` style). */
  stateYaml(): string;
  /** The event log as text, one line per entry, in virtual time. */
  timeline(): string;
  /** Expected vs actual of the assertion that failed, when the failure was an assertion; else undefined. */
  failureDiff(): string | undefined;
  /** Each scheduling cycle: the pod, the outcome and the score table; undefined when nothing was scheduled. */
  schedulerScores(): string | undefined;
}
