import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../api/object';
import type { Client } from '../../client/types';
import type { EventRecorder } from '../../client/event_recorder';
import type { SharedInformerFactory } from '../../client/informer_factory';
import type { Rng } from '../../sim/rng';
import type { CycleState } from './cycle_state';
import type { Status } from './status';
import type { NodeInfo, NodeScore, PodInfo } from './types';

/**
 * The extension points of the scheduling framework (upstream pkg/scheduler/framework/interface.go).
 * A plugin is one object implementing any subset of them; the runtime checks which by the presence
 * of the methods. Each plugin folder under src/scheduler/plugins/ exports `NAME` (the upstream
 * plugin name) and `create: PluginFactory`.
 *
 * Contracts shared by all extension points:
 * - Methods are synchronous and must not throw for domain outcomes: they return a Status.
 * - They read the cluster only through the Handle (snapshot, listers) and write only in
 *   Bind/PreBind through the Handle's client.
 * - Filter and Score must not change `nodeInfo`; Filter may be called on clones (preemption).
 */
export interface Plugin {
  name(): string;
}

/** Returned by PreFilter to narrow the nodes Filter needs to look at (undefined names = all). */
export interface PreFilterResult {
  nodeNames?: Set<string>;
}

export interface PreEnqueuePlugin extends Plugin {
  /** Success lets the pod into the active queue; Pending (or any non-success) keeps it gated. */
  preEnqueue(pod: Pod): Status;
}

export interface QueueSortPlugin extends Plugin {
  /** True when `a` should be scheduled before `b`. */
  less(a: QueuedPodInfo, b: QueuedPodInfo): boolean;
}

export interface PreFilterExtensions {
  /** Adjusts precomputed state as if `toAdd` were on `nodeInfo` (preemption's what-if). */
  addPod(state: CycleState, podToSchedule: Pod, toAdd: PodInfo, nodeInfo: NodeInfo): Status;
  /** Adjusts precomputed state as if `toRemove` were gone from `nodeInfo`. */
  removePod(state: CycleState, podToSchedule: Pod, toRemove: PodInfo, nodeInfo: NodeInfo): Status;
}

export interface PreFilterPlugin extends Plugin {
  preFilter(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): { result?: PreFilterResult; status: Status };
  preFilterExtensions?(): PreFilterExtensions | undefined;
}

export interface FilterPlugin extends Plugin {
  filter(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status;
  /**
   * Optional batch form of `filter` over `nodes[0..count)`: returns true when every one of them
   * passes (`out` is then unspecified), else writes `filter(state, pod, nodes[i])` to `out[i]` for
   * every i < count and returns false. It must agree with `filter` node for node. The framework
   * prefers it because one call per plugin and chunk of nodes replaces one dynamic call per node
   * (the default profile's always-on filters implement it).
   *
   * Like upstream's parallel scan, the framework may filter nodes past the point where the scan
   * stops (the rest of a chunk); what a filter records there must be harmless (VolumeBinding's
   * per-node state is read for the chosen node only).
   */
  filterNodes?(state: CycleState, pod: Pod, nodes: readonly NodeInfo[], count: number, out: Status[]): boolean;
}

/** Maps every node the cycle looked at to why it was rejected (absent = passed). */
export type NodeToStatus = Map<string, Status>;

export interface PostFilterResult {
  nominatingInfo?: { nominatedNodeName: string; mode: 'Override' | 'Noop' };
}

export interface PostFilterPlugin extends Plugin {
  /** Runs when no node passed Filter; DefaultPreemption evicts victims and nominates a node. */
  postFilter(state: CycleState, pod: Pod, filteredNodeStatusMap: NodeToStatus): { result?: PostFilterResult; status: Status };
}

export interface PreScorePlugin extends Plugin {
  preScore(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status;
}

export interface ScoreExtensions {
  /** Rewrites `scores` in place into [MIN_NODE_SCORE, MAX_NODE_SCORE]. */
  normalizeScore(state: CycleState, pod: Pod, scores: NodeScore[]): Status;
  /**
   * Optional form of `normalizeScore` for a plugin that needs only the numbers, not the node names:
   * rewrites `scores` (one per scored node, in the cycle's node order) in place exactly as
   * `normalizeScore` would rewrite their NodeScores. The framework prefers it: it spares building
   * the NodeScore list for every scored node of every cycle.
   */
  normalizeScoreValues?(state: CycleState, pod: Pod, scores: number[]): Status;
}

export interface ScorePlugin extends Plugin {
  /**
   * The node's raw score (upstream Score's int64), or a non-success Status when the plugin cannot
   * score it. A bare number keeps the per-node call free of allocation: Score runs for every
   * feasible node of every pod.
   */
  score(state: CycleState, pod: Pod, nodeInfo: NodeInfo): number | Status;
  /**
   * Optional batch form of `score`: writes `score(state, pod, nodes[i])` to `out[i]` for every i and
   * returns undefined, or returns the Status of the first node it cannot score. It must agree with
   * `score` node for node; the framework prefers it because one call per plugin and cycle replaces
   * one dynamic call per node (the hot plugins of the default profile implement it).
   */
  scoreNodes?(state: CycleState, pod: Pod, nodes: readonly NodeInfo[], out: number[]): Status | undefined;
  scoreExtensions?(): ScoreExtensions | undefined;
}

export interface ReservePlugin extends Plugin {
  reserve(state: CycleState, pod: Pod, nodeName: string): Status;
  /** Must be idempotent and must not fail. */
  unreserve(state: CycleState, pod: Pod, nodeName: string): void;
}

export interface PermitPlugin extends Plugin {
  /** Success, Wait (with `timeoutMs`) or a rejection. */
  permit(state: CycleState, pod: Pod, nodeName: string): { status: Status; timeoutMs: number };
}

export interface PreBindPlugin extends Plugin {
  preBind(state: CycleState, pod: Pod, nodeName: string): Status;
}

export interface BindPlugin extends Plugin {
  /** Skip passes to the next bind plugin; Success ends binding. */
  bind(state: CycleState, pod: Pod, nodeName: string): Status;
}

export interface PostBindPlugin extends Plugin {
  postBind(state: CycleState, pod: Pod, nodeName: string): void;
}

/** What a cluster event is about and what happened (upstream framework.ClusterEvent). */
export type EventResource =
  | 'Pod'
  | 'Node'
  | 'PersistentVolume'
  | 'PersistentVolumeClaim'
  | 'StorageClass'
  | 'CSINode'
  | 'Namespace'
  | 'PodSchedulingContext'
  | '*';

export const enum ActionType {
  Add = 1,
  Delete = 2,
  UpdateNodeAllocatable = 4,
  UpdateNodeLabel = 8,
  UpdateNodeTaint = 16,
  UpdateNodeCondition = 32,
  UpdateNodeAnnotation = 64,
  UpdatePodLabel = 128,
  UpdatePodScaleDown = 256,
  UpdatePodTolerations = 512,
  UpdatePodSchedulingGatesEliminated = 1024,
  /** Any other update. */
  UpdateOther = 2048,
  Update = 4 | 8 | 16 | 32 | 64 | 128 | 256 | 512 | 1024 | 2048,
  All = 1 | 2 | Update,
}

export interface ClusterEvent {
  resource: EventResource;
  actionType: number;
  /** For logs and the report, e.g. `NodeAdd`, `AssignedPodDelete`. */
  label: string;
}

/**
 * Plugins that can reject pods say which cluster events may make those pods schedulable again; the
 * queue moves a rejected pod back only on an event one of its rejecting plugins registered for.
 */
export interface EnqueueExtensions extends Plugin {
  eventsToRegister(): ClusterEvent[];
}

/** A pod in the scheduling queue (upstream framework.QueuedPodInfo). */
export interface QueuedPodInfo {
  podInfo: PodInfo;
  /** Virtual ms when the pod was added to the queue (or moved back); PrioritySort's tiebreaker. */
  timestamp: number;
  attempts: number;
  /** Virtual ms of the first attempt. */
  initialAttemptTimestamp?: number;
  /** Plugins that rejected the pod in its last attempt. */
  unschedulablePlugins: Set<string>;
  /** Plugins that returned Pending (scheduling gates). */
  pendingPlugins: Set<string>;
  gated: boolean;
}

/** Read access to the cycle's node snapshot (upstream framework.SharedLister). */
export interface NodeInfoLister {
  list(): readonly NodeInfo[];
  get(nodeName: string): NodeInfo | undefined;
  havePodsWithAffinityList(): readonly NodeInfo[];
  havePodsWithRequiredAntiAffinityList(): readonly NodeInfo[];
  /** Whether any listed node has the image (a name in its `status.images`): some NodeInfo's imageStates holds it. */
  hasImage(imageName: string): boolean;
}

/** Pods nominated to run on nodes after preemption (upstream framework.PodNominator). */
export interface PodNominator {
  /** The node's nominated pods in nomination order; the caller must not modify the list. */
  nominatedPodsForNode(nodeName: string): readonly PodInfo[];
}

/** The victims preemption proposes on one node. */
export interface Victims {
  pods: Pod[];
  numPDBViolations: number;
}

/**
 * What the framework gives plugins (upstream framework.Handle): the cycle's snapshot, the shared
 * informers (Pods, Nodes, PodDisruptionBudgets, PriorityClasses, PVCs, PVs, StorageClasses,
 * Namespaces), a client acting as `kube-scheduler`, the scheduler's event recorder and RNG, and the
 * framework's own runners that preemption needs.
 */
export interface Handle {
  snapshotSharedLister(): NodeInfoLister;
  informers(): SharedInformerFactory;
  client(): Client;
  eventRecorder(): EventRecorder;
  rng(): Rng;
  /** Virtual ms now. */
  now(): number;
  /** RFC 3339 of a virtual instant (default now). */
  timestamp(atMs?: number): string;
  podNominator(): PodNominator;
  /**
   * Runs the profile's Filter plugins on `nodeInfo`, counting pods nominated to the node with equal
   * or higher priority as upstream's RunFilterPluginsWithNominatedPods does.
   */
  runFilterPluginsWithNominatedPods(state: CycleState, pod: Pod, nodeInfo: NodeInfo): Status;
  runPreFilterExtensionAddPod(state: CycleState, pod: Pod, toAdd: PodInfo, nodeInfo: NodeInfo): Status;
  runPreFilterExtensionRemovePod(state: CycleState, pod: Pod, toRemove: PodInfo, nodeInfo: NodeInfo): Status;
  /** The namespace's labels, for affinity terms with a namespaceSelector. */
  namespaceLabels(namespace: string): Record<string, string> | undefined;
  /** The profile's scheduler name (`default-scheduler`). */
  profileName(): string;
  /** Parallelism from the configuration (kept for fidelity of preemption's candidate counts). */
  parallelism(): number;
  /** Lists objects of a resource from the scheduler's informers (`pods`, `poddisruptionbudgets.policy`, ...). */
  list<T extends KubeObject>(resource: string, namespace?: string): T[];
  get<T extends KubeObject>(resource: string, namespace: string | undefined, name: string): T | undefined;
}

/** A plugin factory: `args` are the plugin's defaulted and validated pluginConfig args (or undefined). */
export type PluginFactory = (args: unknown, handle: Handle) => Plugin;

/** Used only so `Node` is referenced by the types plugins import from here. */
export type { Node, Pod };
