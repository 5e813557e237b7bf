/** The pod garbage collector (kube-controller-manager `pod-garbage-collector-controller`). */
export {
  PodGCController,
  DEFAULT_TERMINATED_POD_GC_THRESHOLD,
  GC_CHECK_PERIOD_MS,
  ORPHANED_POD_CONDITION,
  QUARANTINE_TIME_MS,
  type PodGCOptions,
} from './gc_controller';
