/** DefaultPreemption: facts 72 (args) and 74-75 (the `preemption:` message). */
export {
  NAME,
  create,
  DefaultPreemption,
  DEFAULT_ARGS,
  ERR_REASON_NO_VICTIMS,
  MSG_NOT_ELIGIBLE_PREEMPTION_POLICY,
  MSG_NOT_ELIGIBLE_TERMINATING_POD,
  filterPodsWithPDBViolation,
  podTerminatingByPreemption,
} from './default_preemption';
export {
  Evaluator,
  ERR_REASON_NOT_HELPFUL,
  MSG_NO_CANDIDATE,
  DISRUPTION_TARGET,
  REASON_PREEMPTION_BY_SCHEDULER,
  fitErrorMessage,
  pickOneNodeForPreemption,
  disruptionTargetPatch,
  type Candidate,
  type PreemptionPolicy,
} from './preemption';
export { moreImportantPod } from './util';
