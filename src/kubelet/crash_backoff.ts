import { Backoff as FlowcontrolBackoff } from '../client/flowcontrol_backoff';

/**
 * Per-container restart back-off: client-go util/flowcontrol Backoff as the kubelet builds it
 * (`flowcontrol.NewBackOff(backOffPeriod=10s, MaxContainerBackOff=300s)`, no jitter), in virtual
 * time. SEMANTICS fact 133.
 *
 * How the kubelet uses it (kuberuntime_manager.go doBackOff): when a container that should run has
 * an exited instance, `isInBackOffSince(key, finishedAt)` says whether to wait; if not, `next(key,
 * finishedAt)` moves the entry on and the container starts. So the first restart is immediate and
 * arms 10s; later ones wait 10, 20, 40, 80, 160, 300, 300, ... s after the exit. An entry expires
 * (and the next restart is immediate again, re-arming 10s) once the exit comes more than
 * 2 × maxDuration = 10 min after the entry was last moved on — a container that ran cleanly for
 * 10 minutes; housekeeping (`GC`) drops entries not moved on for that long.
 */
export const CONTAINER_BACKOFF_INITIAL_MS = 10_000;
export const CONTAINER_BACKOFF_MAX_MS = 300_000;

/** The kubelet's container back-off: flowcontrol.NewBackOff(10s, 300s). */
export class Backoff extends FlowcontrolBackoff {
  constructor(now: () => number, initialMs = CONTAINER_BACKOFF_INITIAL_MS, maxMs = CONTAINER_BACKOFF_MAX_MS) {
    super(now, initialMs, maxMs);
  }
}
