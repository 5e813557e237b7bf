import type { Container, ContainerStatus, Pod, PodCondition } from 'kubernetes-types/core/v1';

/**
 * What `kubectl get pods` prints for a pod: the STATUS and READY columns, computed as the server-side
 * printer does (kubernetes pkg/printers/internalversion/printers.go, printPod, v1.32). Pure functions
 * of the object, so an assertion and a report show exactly what a user's kubectl would.
 */

/** node.NodeUnreachablePodReason: the status.reason the node controller gives pods on a lost node. */
export const NODE_UNREACHABLE_POD_REASON = 'NodeLost';
/** v1.PodReasonSchedulingGated: the PodScheduled reason while scheduling gates remain. */
export const POD_REASON_SCHEDULING_GATED = 'SchedulingGated';

/** The STATUS column, e.g. `Running`, `ContainerCreating`, `Init:0/2`, `CrashLoopBackOff`, `Terminating`. */
export function podStatusColumn(pod: Pod): string {
  return printPod(pod).status;
}

/** The READY column, e.g. `1/2`: ready containers over containers, sidecars (restartable init containers) counted in both. */
export function podReadyCount(pod: Pod): string {
  const { ready, total } = printPod(pod);
  return `${ready}/${total}`;
}

/** podutil.IsPodReady: the pod's Ready condition is True (SEMANTICS fact 132). */
export function isPodReady(pod: Pod): boolean {
  return conditionStatus(pod, 'Ready') === 'True';
}

/** The status of a pod condition (`True`, `False`, `Unknown`), or undefined when the pod does not carry it. */
export function conditionStatus(pod: Pod, type: string): string | undefined {
  return (pod.status?.conditions ?? []).find((c: PodCondition) => c.type === type)?.status;
}

/** podutilv1.IsPodPhaseTerminal. */
export function isPodPhaseTerminal(phase: string | undefined): boolean {
  return phase === 'Failed' || phase === 'Succeeded';
}

/** podutil.IsRestartableInitContainer: a sidecar (`restartPolicy: Always` on an init container); false for a status naming no spec container. */
function isRestartableInitContainer(c: Container | undefined): boolean {
  return c?.restartPolicy === 'Always';
}

/**
 * printPod's decision, step for step. The order matters and is upstream's: phase (or status.reason),
 * then SchedulingGated, then the first init container that is not done, then (when initialization is
 * over) the container states scanned from last to first so the first container's state wins, then
 * "Completed but something still runs" back to Running/NotReady, and deletion last.
 */
function printPod(pod: Pod): { status: string; ready: number; total: number } {
  const spec = pod.spec ?? { containers: [] };
  const status = pod.status ?? {};
  let total = (spec.containers ?? []).length;
  let ready = 0;

  const podPhase = status.phase ?? '';
  let reason = status.reason ? status.reason : podPhase;

  for (const c of status.conditions ?? []) {
    if (c.type === 'PodScheduled' && c.reason === POD_REASON_SCHEDULING_GATED) reason = POD_REASON_SCHEDULING_GATED;
  }

  const initSpecs = new Map<string, Container>();
  for (const c of spec.initContainers ?? []) {
    initSpecs.set(c.name, c);
    if (isRestartableInitContainer(c)) total++;
  }

  const initCount = (spec.initContainers ?? []).length;
  let initializing = false;
  const initStatuses = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const c: ContainerStatus = initStatuses[i];
    const terminated = c.state?.terminated;
    const waiting = c.state?.waiting;
    if (terminated && (terminated.exitCode ?? 0) === 0) continue;
    if (isRestartableInitContainer(initSpecs.get(c.name)) && c.started === true) {
      if (c.ready) ready++;
      continue;
    }
    if (terminated) {
      // Initialization failed.
      if (!terminated.reason) {
        reason = terminated.signal ? `Init:Signal:${terminated.signal}` : `Init:ExitCode:${terminated.exitCode ?? 0}`;
      } else {
        reason = `Init:${terminated.reason}`;
      }
    } else if (waiting && waiting.reason && waiting.reason !== 'PodInitializing') {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${i}/${initCount}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || conditionStatus(pod, 'Initialized') === 'True') {
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i];
      const waiting = c.state?.waiting;
      const terminated = c.state?.terminated;
      if (waiting && waiting.reason) {
        reason = waiting.reason;
      } else if (terminated && terminated.reason) {
        reason = terminated.reason;
      } else if (terminated) {
        reason = terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode ?? 0}`;
      } else if (c.ready && c.state?.running) {
        hasRunning = true;
        ready++;
      }
    }
    // Back to "Running" when a container still runs after another one completed.
    if (reason === 'Completed' && hasRunning) reason = isPodReady(pod) ? 'Running' : 'NotReady';
  }

  if (pod.metadata?.deletionTimestamp && status.reason === NODE_UNREACHABLE_POD_REASON) {
    reason = 'Unknown';
  } else if (pod.metadata?.deletionTimestamp && !isPodPhaseTerminal(podPhase)) {
    reason = 'Terminating';
  }

  return { status: reason, ready, total };
}

/** One line per container for failure messages: `app: waiting (ContainerCreating)`, `app: running, ready`. */
export function describeContainerStates(pod: Pod): string[] {
  const line = (kind: string, c: ContainerStatus): string => {
    const s = c.state ?? {};
    let state = 'no state';
    if (s.waiting) state = `waiting${s.waiting.reason ? ` (${s.waiting.reason})` : ''}`;
    else if (s.running) state = 'running';
    else if (s.terminated) state = `terminated (${s.terminated.reason ?? 'exit code'} ${s.terminated.exitCode ?? 0})`;
    const extras = [c.ready ? 'ready' : 'not ready', c.restartCount ? `${c.restartCount} restarts` : ''].filter(Boolean);
    return `${kind}${c.name}: ${state}, ${extras.join(', ')}`;
  };
  return [
    ...(pod.status?.initContainerStatuses ?? []).map((c) => line('init ', c)),
    ...(pod.status?.containerStatuses ?? []).map((c) => line('', c)),
  ];
}
