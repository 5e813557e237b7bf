import type { Pod } from 'kubernetes-types/core/v1';
import type { CycleState, StateData } from '../../framework/cycle_state';
import {
  ActionType,
  type ClusterEvent,
  type EnqueueExtensions,
  type FilterPlugin,
  type Handle,
  type PluginFactory,
  type PreFilterPlugin,
  type PreFilterResult,
} from '../../framework/interface';
import { Code, Status } from '../../framework/status';
import type { HostPort, NodeInfo } from '../../framework/types';

/**
 * NodePorts (upstream pkg/scheduler/framework/plugins/nodeports, v1.32): a pod's host ports must not
 * collide with host ports already taken on the node (fact 78).
 */
export const NAME = 'NodePorts';

/** Fact 78. */
export const ERR_REASON = "node(s) didn't have free ports for the requested pod ports";

const PRE_FILTER_STATE_KEY = 'PreFilter' + NAME;
/** Upstream DefaultBindAllHostIP. */
export const DEFAULT_BIND_ALL_HOST_IP = '0.0.0.0';

class PreFilterState implements StateData {
  constructor(readonly ports: readonly HostPort[]) {}
  /** Adding or removing other pods does not change what the pod asks for. */
  clone(): StateData {
    return this;
  }
}

/**
 * Upstream util.GetHostPorts: the host ports (hostPort > 0) of the regular containers and of the
 * restartable init containers (sidecars run for the pod's whole life), with hostIP defaulted to
 * 0.0.0.0 and protocol to TCP (HostPortInfo's sanitize).
 */
export function getHostPorts(pod: Pod): HostPort[] {
  const out: HostPort[] = [];
  const add = (ports: readonly { hostPort?: number; hostIP?: string; protocol?: string }[] | undefined) => {
    for (const p of ports ?? []) {
      if (!p.hostPort || p.hostPort <= 0) continue;
      out.push({ ip: p.hostIP || DEFAULT_BIND_ALL_HOST_IP, protocol: p.protocol || 'TCP', port: p.hostPort });
    }
  };
  for (const c of pod.spec?.initContainers ?? []) if (c.restartPolicy === 'Always') add(c.ports);
  for (const c of pod.spec?.containers ?? []) add(c.ports);
  return out;
}

/**
 * Upstream HostPortInfo.CheckConflict: a wanted 0.0.0.0 port conflicts with the same protocol/port
 * on any IP; a wanted specific IP conflicts with the same protocol/port on that IP or on 0.0.0.0.
 */
export function checkConflict(used: readonly HostPort[], want: HostPort): boolean {
  if (want.port <= 0) return false;
  const wildcard = want.ip === DEFAULT_BIND_ALL_HOST_IP;
  for (let i = 0; i < used.length; i++) {
    const u = used[i];
    if (u.port !== want.port || u.protocol !== want.protocol) continue;
    if (wildcard || u.ip === DEFAULT_BIND_ALL_HOST_IP || u.ip === want.ip) return true;
  }
  return false;
}

/** Upstream fitsPorts: none of the wanted ports conflicts with the node's used ports. */
export function fitsPorts(wantPorts: readonly HostPort[], nodeInfo: NodeInfo): boolean {
  for (let i = 0; i < wantPorts.length; i++) if (checkConflict(nodeInfo.usedPorts, wantPorts[i])) return false;
  return true;
}

/** Upstream nodeports.Fits, for callers outside a scheduling cycle. */
export function fits(pod: Pod, nodeInfo: NodeInfo): boolean {
  return fitsPorts(getHostPorts(pod), nodeInfo);
}

export class NodePorts implements PreFilterPlugin, FilterPlugin, EnqueueExtensions {
  private readonly conflict = new Status(Code.Unschedulable, [ERR_REASON], NAME);

  name(): string {
    return NAME;
  }

  /**
   * v1.32 with SchedulerQueueingHints on: a deleted pod frees its ports (container ports are
   * immutable, so pod updates never do); a new node has all ports free.
   */
  eventsToRegister(): ClusterEvent[] {
    return [
      { resource: 'Pod', actionType: ActionType.Delete, label: 'AssignedPodDelete' },
      { resource: 'Node', actionType: ActionType.Add, label: 'NodeAdd' },
    ];
  }

  /** Skip pods without host ports: most pods, so most cycles never run this Filter. */
  preFilter(state: CycleState, pod: Pod, _nodes: readonly NodeInfo[]): { result?: PreFilterResult; status: Status } {
    const ports = getHostPorts(pod);
    if (ports.length === 0) return { status: Status.of(Code.Skip) };
    state.write(PRE_FILTER_STATE_KEY, new PreFilterState(ports));
    return { status: Status.success() };
  }

  preFilterExtensions(): undefined {
    return undefined;
  }

  filter(state: CycleState, _pod: Pod, nodeInfo: NodeInfo): Status {
    const s = state.read<PreFilterState>(PRE_FILTER_STATE_KEY);
    if (!s) return Status.error(`reading "${PRE_FILTER_STATE_KEY}" from cycleState: not found`);
    return fitsPorts(s.ports, nodeInfo) ? Status.success() : this.conflict;
  }
}

export const create: PluginFactory = (_args: unknown, _handle: Handle) => new NodePorts();
