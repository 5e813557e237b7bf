/** The taint eviction controller (kube-controller-manager `taint-eviction-controller`). */
export { TaintEvictionController, type TaintEvictionOptions } from './taint_eviction_controller';
export { DISRUPTION_TARGET_CONDITION, getMinTolerationTimeMs, getNoExecuteTaints } from './eviction';
export { TimedWorkerQueue, type TimedWorker, type WorkArgs } from './timed_workers';
