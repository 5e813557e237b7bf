import type { Container, ContainerState, ContainerStatus, Pod, PodCondition, PodStatus } from 'kubernetes-types/core/v1';
import { podQOSClass } from '../apiserver/strategy';
import type { KubeObject } from '../api/object';
import { imageID, normalizedImageName } from './image_ref';
import type { ContainerInstance } from './pod_runtime';
import { rfc3339 } from './time';

/**
 * The pod status the kubelet computes from what its runtime sees (kubelet_pods.go
 * generateAPIPodStatus, getPhase, convertToAPIContainerStatuses; status/generate.go), v1.32 with
 * default feature gates. Pure: the status manager adds transition times and start time.
 */

/** Waiting reasons (kubelet_pods.go / kuberuntime). */
export const CONTAINER_CREATING = 'ContainerCreating';
export const POD_INITIALIZING = 'PodInitializing';

/** Condition reasons (status/generate.go). */
export const UNKNOWN_CONTAINER_STATUSES = 'UnknownContainerStatuses';
export const POD_COMPLETED = 'PodCompleted';
export const POD_FAILED = 'PodFailed';
export const CONTAINERS_NOT_READY = 'ContainersNotReady';
export const CONTAINERS_NOT_INITIALIZED = 'ContainersNotInitialized';
export const READINESS_GATES_NOT_READY = 'ReadinessGatesNotReady';

/** Conditions the kubelet owns (kubetypes.PodConditionsByKubelet, with PodReadyToStartContainers on). */
export const KUBELET_CONDITIONS: ReadonlySet<string> = new Set(['PodScheduled', 'Ready', 'Initialized', 'ContainersReady', 'PodReadyToStartContainers']);
/** Shared with other components (PodConditionSharedByKubelet). */
export const SHARED_CONDITIONS: ReadonlySet<string> = new Set(['DisruptionTarget']);

export interface WaitingReason {
  reason: string;
  message: string;
}

/** What the status is generated from. */
export interface StatusInputs {
  pod: Pod;
  /** The kubelet's last status for the pod, or the API's when it has none. */
  oldStatus: PodStatus;
  sandboxReady: boolean;
  podIPs: readonly string[];
  hostIP: string;
  latest(name: string): ContainerInstance | undefined;
  previous(name: string): ContainerInstance | undefined;
  /** Why a container that should run is not running (kubelet reasonCache): CrashLoopBackOff, ... */
  reasonCache: ReadonlyMap<string, WaitingReason>;
  /** The prober's view: started (startup probe passed or none), ready (readiness passed or none). */
  started(inst: ContainerInstance): boolean;
  ready(inst: ContainerInstance, container: Container): boolean;
  /** The pod is being finalized: its containers will not run again whatever the restart policy. */
  podIsTerminal: boolean;
  /** A sync handler asked for eviction (active deadline): phase Failed with this reason. */
  evict?: WaitingReason;
  epochMs: number;
}

export function isRestartableInit(c: Container): boolean {
  return c.restartPolicy === 'Always';
}

export function generatePodStatus(inp: StatusInputs): PodStatus {
  const { pod, oldStatus } = inp;
  const spec = pod.spec!;
  const hasInit = (spec.initContainers ?? []).length > 0;
  const containerStatuses = convertStatuses(inp, spec.containers ?? [], oldStatus.containerStatuses ?? [], hasInit, false);
  const initStatuses = convertStatuses(inp, spec.initContainers ?? [], oldStatus.initContainerStatuses ?? [], hasInit, true);
  const all = [...containerStatuses, ...initStatuses];

  let phase = getPhase(pod, all, inp.podIsTerminal, hasAnyRegularContainerRunning(inp, spec.containers ?? []));
  const apiPhase = pod.status?.phase;
  if (!isTerminal(phase)) {
    if (isTerminal(oldStatus.phase)) phase = oldStatus.phase!;
    else if (isTerminal(apiPhase)) phase = apiPhase!;
  }
  let reason: string | undefined;
  let message: string | undefined;
  if (phase === oldStatus.phase) {
    reason = oldStatus.reason || pod.status?.reason || undefined;
    message = oldStatus.message || pod.status?.message || undefined;
  }
  if (inp.evict) {
    phase = 'Failed';
    reason = inp.evict.reason;
    message = inp.evict.message;
  }
  if (isTerminal(apiPhase) && phase !== apiPhase) phase = apiPhase!;

  const conditions: PodCondition[] = (pod.status?.conditions ?? []).filter((c) => !KUBELET_CONDITIONS.has(c.type));
  const disruption = (oldStatus.conditions ?? []).find((c) => c.type === 'DisruptionTarget');
  if (disruption) {
    const i = conditions.findIndex((c) => c.type === 'DisruptionTarget');
    if (i >= 0) conditions[i] = disruption;
    else conditions.push(disruption);
  }
  const initAndRegular = [...initStatuses, ...containerStatuses];
  conditions.push({ type: 'PodReadyToStartContainers', status: inp.sandboxReady ? 'True' : 'False' });
  conditions.push(podInitializedCondition(pod, initAndRegular, phase));
  conditions.push(podReadyCondition(pod, conditions, initAndRegular, phase));
  conditions.push(containersReadyCondition(pod, initAndRegular, phase));
  conditions.push({ type: 'PodScheduled', status: 'True' });

  const status: PodStatus = { phase, conditions };
  if (reason) status.reason = reason;
  if (message) status.message = message;
  status.hostIP = inp.hostIP;
  status.hostIPs = [{ ip: inp.hostIP }];
  if (inp.podIPs.length) {
    status.podIP = inp.podIPs[0];
    status.podIPs = inp.podIPs.map((ip) => ({ ip }));
  }
  if (oldStatus.startTime) status.startTime = oldStatus.startTime;
  if (hasInit) status.initContainerStatuses = initStatuses;
  status.containerStatuses = containerStatuses;
  status.qosClass = pod.status?.qosClass ?? podQOSClass(pod as KubeObject);
  return status;
}

function isTerminal(phase: string | undefined): boolean {
  return phase === 'Succeeded' || phase === 'Failed';
}

/** kubecontainer.HasAnyActiveRegularContainerStarted: a regular container is running. */
function hasAnyRegularContainerRunning(inp: StatusInputs, containers: readonly Container[]): boolean {
  return containers.some((c) => inp.latest(c.name)?.state === 'running');
}

/** kubecontainer.ShouldContainerBeRestarted. */
export function shouldContainerBeRestarted(c: Container, pod: Pod, latest: ContainerInstance | undefined): boolean {
  if (pod.metadata?.deletionTimestamp) return false;
  if (!latest) return true;
  if (latest.state === 'running') return false;
  const policy = pod.spec?.restartPolicy ?? 'Always';
  if (isRestartableInit(c)) return true;
  if (policy === 'Never') return false;
  if (policy === 'OnFailure' && latest.exitCode === 0) return false;
  return true;
}

function convertStatuses(
  inp: StatusInputs,
  containers: readonly Container[],
  previous: readonly ContainerStatus[],
  hasInit: boolean,
  isInit: boolean,
): ContainerStatus[] {
  const old = new Map(previous.map((s) => [s.name, s]));
  const out: ContainerStatus[] = [];
  for (const c of containers) {
    const latest = inp.latest(c.name);
    let st: ContainerStatus;
    if (latest) {
      st = instanceStatus(inp, latest);
      const prev = inp.previous(c.name);
      if (prev) st.lastState = instanceState(inp, prev);
    } else {
      const o = old.get(c.name);
      st = {
        name: c.name,
        state: { waiting: { reason: hasInit ? POD_INITIALIZING : CONTAINER_CREATING } },
        lastState: o?.lastState ?? {},
        ready: false,
        restartCount: o?.restartCount ?? 0,
        image: c.image ?? '',
        imageID: '',
        started: false,
      };
    }
    // A container that should run again but could not start is "waiting", with why.
    const skip = isInit && latest?.state === 'exited' && latest.exitCode === 0 && !isRestartableInit(c);
    const cached = inp.reasonCache.get(c.name);
    if (!skip && cached && shouldContainerBeRestarted(c, inp.pod, latest)) {
      if (st.state?.terminated) st.lastState = st.state;
      st.state = { waiting: { reason: cached.reason, message: cached.message } };
    }
    if (latest?.state === 'running') {
      const started = inp.started(latest);
      st.started = started;
      if (isInit && !isRestartableInit(c)) st.ready = false;
      else st.ready = started && inp.ready(latest, c);
    } else {
      st.started = false;
      st.ready = isInit && !isRestartableInit(c) && st.state?.terminated?.exitCode === 0;
    }
    const mounts = volumeMountStatuses(c);
    if (mounts) st.volumeMounts = mounts;
    out.push(st);
  }
  // Regular containers are listed by name (SortedContainerStatuses), init containers in spec order.
  if (!isInit) out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return out;
}

function instanceStatus(inp: StatusInputs, inst: ContainerInstance): ContainerStatus {
  return {
    name: inst.name,
    state: instanceState(inp, inst),
    lastState: {},
    ready: false,
    restartCount: inst.restartCount,
    image: normalizedImageName(inst.image),
    imageID: imageID(inst.image),
    containerID: `containerd://${inst.id}`,
    started: false,
  };
}

function instanceState(inp: StatusInputs, inst: ContainerInstance): ContainerState {
  const t = (ms: number) => rfc3339(inp.epochMs, ms);
  if (inst.state === 'running') return { running: { startedAt: t(inst.startedAt) } };
  return {
    terminated: {
      exitCode: inst.exitCode ?? 0,
      reason: inst.reason,
      startedAt: t(inst.startedAt),
      finishedAt: t(inst.finishedAt ?? inst.startedAt),
      containerID: `containerd://${inst.id}`,
    },
  };
}

/** status.volumeMounts (RecursiveReadOnlyMounts, beta and on in v1.32): the container's mounts as resolved. */
function volumeMountStatuses(c: Container): ContainerStatus['volumeMounts'] {
  if (!c.volumeMounts?.length) return undefined;
  return c.volumeMounts.map((m) => ({
    name: m.name,
    mountPath: m.mountPath,
    ...(m.readOnly ? { readOnly: true, recursiveReadOnly: 'Disabled' } : {}),
  }));
}

/** kubelet getPhase (feature gates at their v1.32 defaults). */
export function getPhase(pod: Pod, info: readonly ContainerStatus[], podIsTerminal: boolean, podHasInitialized: boolean): string {
  const spec = pod.spec!;
  const find = (name: string) => info.find((s) => s.name === name);
  let pendingRestartableInit = 0;
  let pendingRegularInit = 0;
  let failedInitialization = 0;
  for (const c of spec.initContainers ?? []) {
    if (isRestartableInit(c)) continue;
    const s = find(c.name);
    if (!s) {
      pendingRegularInit++;
      continue;
    }
    if (s.state?.running) pendingRegularInit++;
    else if (s.state?.terminated) {
      if (s.state.terminated.exitCode !== 0) failedInitialization++;
    } else if (s.state?.waiting) {
      if (s.lastState?.terminated) {
        if (s.lastState.terminated.exitCode !== 0) failedInitialization++;
      } else pendingRegularInit++;
    } else pendingRegularInit++;
  }

  let unknown = 0;
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const c of spec.initContainers ?? []) {
    if (!isRestartableInit(c)) continue;
    const s = find(c.name);
    if (!s) {
      unknown++;
      continue;
    }
    if (s.state?.running) {
      if (!s.started) pendingRestartableInit++;
      running++;
    } else if (s.state?.terminated) {
      // stopped sidecars do not count towards the phase
    } else if (s.state?.waiting) {
      if (!s.lastState?.terminated) {
        pendingRestartableInit++;
        waiting++;
      }
    } else {
      pendingRestartableInit++;
      unknown++;
    }
  }
  for (const c of spec.containers ?? []) {
    const s = find(c.name);
    if (!s) {
      unknown++;
      continue;
    }
    if (s.state?.running) running++;
    else if (s.state?.terminated) {
      stopped++;
      if (s.state.terminated.exitCode === 0) succeeded++;
    } else if (s.state?.waiting) {
      if (s.lastState?.terminated) stopped++;
      else waiting++;
    } else unknown++;
  }

  const policy = spec.restartPolicy ?? 'Always';
  if (failedInitialization > 0 && policy === 'Never') return 'Failed';
  if (pendingRegularInit > 0 || (pendingRestartableInit > 0 && !podHasInitialized) || waiting > 0) return 'Pending';
  if (running > 0 && unknown === 0) return 'Running';
  if (running === 0 && stopped > 0 && unknown === 0) {
    if (podIsTerminal) return stopped === succeeded ? 'Succeeded' : 'Failed';
    if (policy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (policy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}

/** `fmt.Sprintf("%s", []string{...})`: `[a b]`. */
function goList(names: readonly string[]): string {
  return `[${names.join(' ')}]`;
}

function terminalCondition(type: string, phase: string): PodCondition {
  return { type, status: 'False', reason: phase === 'Failed' ? POD_FAILED : POD_COMPLETED };
}

/** status.GenerateContainersReadyCondition. */
export function containersReadyCondition(pod: Pod, statuses: readonly ContainerStatus[], phase: string): PodCondition {
  const unknown: string[] = [];
  const unready: string[] = [];
  const check = (name: string) => {
    const s = statuses.find((x) => x.name === name);
    if (!s) unknown.push(name);
    else if (!s.ready) unready.push(name);
  };
  for (const c of pod.spec?.initContainers ?? []) if (isRestartableInit(c)) check(c.name);
  for (const c of pod.spec?.containers ?? []) check(c.name);
  if ((phase === 'Succeeded' && unknown.length === 0) || phase === 'Failed') return terminalCondition('ContainersReady', phase);
  const msgs: string[] = [];
  if (unknown.length) msgs.push(`containers with unknown status: ${goList(unknown)}`);
  if (unready.length) msgs.push(`containers with unready status: ${goList(unready)}`);
  if (msgs.length) return { type: 'ContainersReady', status: 'False', reason: CONTAINERS_NOT_READY, message: msgs.join(', ') };
  return { type: 'ContainersReady', status: 'True' };
}

/** status.GeneratePodReadyCondition: ContainersReady, then the readiness gates. */
export function podReadyCondition(pod: Pod, conditions: readonly PodCondition[], statuses: readonly ContainerStatus[], phase: string): PodCondition {
  const cr = containersReadyCondition(pod, statuses, phase);
  if (cr.status !== 'True') return { ...cr, type: 'Ready' };
  const msgs: string[] = [];
  for (const gate of pod.spec?.readinessGates ?? []) {
    const c = conditions.find((x) => x.type === gate.conditionType);
    if (!c) msgs.push(`corresponding condition of pod readiness gate ${JSON.stringify(gate.conditionType)} does not exist.`);
    else if (c.status !== 'True') msgs.push(`the status of pod readiness gate ${JSON.stringify(gate.conditionType)} is not "True", but ${c.status}`);
  }
  if (msgs.length) return { type: 'Ready', status: 'False', reason: READINESS_GATES_NOT_READY, message: msgs.join(', ') };
  return { type: 'Ready', status: 'True' };
}

/** status.GeneratePodInitializedCondition. */
export function podInitializedCondition(pod: Pod, statuses: readonly ContainerStatus[], phase: string): PodCondition {
  const unknown: string[] = [];
  const incomplete: string[] = [];
  for (const c of pod.spec?.initContainers ?? []) {
    const s = statuses.find((x) => x.name === c.name);
    if (!s) {
      unknown.push(c.name);
      continue;
    }
    const done = isRestartableInit(c) ? s.started === true : s.ready === true;
    if (!done) incomplete.push(c.name);
  }
  if (phase === 'Succeeded' && unknown.length === 0) return { type: 'Initialized', status: 'True', reason: POD_COMPLETED };
  // kubecontainer.HasAnyRegularContainerStarted: initialization happened before, even if a
  // sidecar is restarting now.
  const regularStarted = (pod.spec?.containers ?? []).some((c) => {
    const s = statuses.find((x) => x.name === c.name);
    return !!s && (s.state?.running !== undefined || s.state?.terminated !== undefined);
  });
  if (regularStarted) return { type: 'Initialized', status: 'True' };
  const msgs: string[] = [];
  if (unknown.length) msgs.push(`containers with unknown status: ${goList(unknown)}`);
  if (incomplete.length) msgs.push(`containers with incomplete status: ${goList(incomplete)}`);
  if (msgs.length) return { type: 'Initialized', status: 'False', reason: CONTAINERS_NOT_INITIALIZED, message: msgs.join(', ') };
  return { type: 'Initialized', status: 'True' };
}
