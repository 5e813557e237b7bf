import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { KubeObject } from '../../api/object';
import { isConflict } from '../../api/object';
import { labelSelectorFromObject, type Selector } from '../../api/selectors';
import { updatePodCondition, type PodCondition } from '../../apiserver/conditions';
import { DISRUPTION_TARGET } from '../../apiserver/eviction';
import { EventRecorder } from '../../client/event_recorder';
import type { HandlerRegistration, SharedIndexInformer } from '../../client/informer';
import { splitMetaNamespaceKey } from '../../client/indexer';
import { QueueWorker, type ReconcileResult } from '../../client/queue_worker';
import type { Client } from '../../client/types';
import { RateLimitingQueue } from '../../client/workqueue';
import type { ControllerContext } from '../context';
import type { Controller } from '../controller';
import { buildDisruptedPodMap, countHealthyPods, desiredStatus, failSafeStatus } from './budget';
import { expectedPodCount, type ScaleSources } from './expected_pods';
import { goLabelSelectorString } from './selector_string';
import { staleDisruptionCondition } from './stale_condition';

const PDBS = 'poddisruptionbudgets.policy';
/** The event source upstream's disruption controller records with. */
const EVENT_COMPONENT = 'controllermanager';

/**
 * The disruption controller (pkg/controller/disruption/disruption.go, v1.32): keeps the status of
 * every PodDisruptionBudget — currentHealthy, desiredHealthy, expectedPods, disruptionsAllowed,
 * disruptedPods, observedGeneration and the DisruptionAllowed condition — which the eviction
 * subresource then enforces.
 *
 * Wiring: pod and budget events only enqueue budget keys (a pod enqueues the budget that selects
 * it); `sync(key)` re-reads the budget, its pods and their controllers from the informer caches and
 * writes the status only when it differs. A budget that cannot be computed fails safe:
 * disruptionsAllowed 0 and DisruptionAllowed False/SyncFailed. A budget with pending evictions is
 * looked at again when their DeletionTimeout runs out. A second queue resets DisruptionTarget
 * conditions that stayed True for 2 minutes on a pod nobody deleted.
 */
export class DisruptionController implements Controller {
  readonly name = 'disruption-controller';
  readonly queue: RateLimitingQueue;
  readonly stalePodQueue: RateLimitingQueue;
  private readonly client: Client;
  private readonly recorder: EventRecorder;
  private readonly workers: QueueWorker[] = [];
  private readonly registrations: HandlerRegistration[] = [];
  private pods!: SharedIndexInformer;
  private pdbs!: SharedIndexInformer;
  /** Every informer this controller reads, stopped with it (as the other controllers do). */
  private readonly informers: SharedIndexInformer[] = [];
  private sources!: ScaleSources;
  private running = false;

  constructor(private readonly ctx: ControllerContext) {
    this.client = ctx.client('disruption-controller');
    this.recorder = new EventRecorder(this.client, ctx.loop, { component: EVENT_COMPONENT }, { epochMs: ctx.epochMs, rng: ctx.rng });
    this.queue = new RateLimitingQueue(ctx.loop, { name: 'disruption' });
    this.stalePodQueue = new RateLimitingQueue(ctx.loop, { name: 'stale_pod_disruption' });
  }

  /** The last error of each budget or pod key whose last pass failed. */
  get lastErrors(): ReadonlyMap<string, unknown> {
    return new Map([...this.workers.flatMap((w) => [...w.lastErrors])]);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const inf = this.ctx.informers;
    this.pods = inf.forResource('pods');
    this.pdbs = inf.forResource(PDBS);
    const cached = (resource: string) => {
      const informer = inf.forResource(resource);
      this.informers.push(informer);
      return (namespace: string, name: string) => informer.lister().namespace(namespace).get(name);
    };
    this.informers.push(this.pods, this.pdbs);
    this.sources = {
      replicationControllers: cached('replicationcontrollers'),
      replicaSets: cached('replicasets.apps'),
      deployments: cached('deployments.apps'),
      statefulSets: cached('statefulsets.apps'),
      registry: this.ctx.registry,
      client: this.client,
    };
    this.registrations.push(
      this.pods.addEventHandler({
        onAdd: (pod) => this.podChanged(pod),
        onUpdate: (_old, pod) => this.podChanged(pod),
        onDelete: (pod) => this.enqueuePdbForPod(pod),
      }),
      this.pdbs.addEventHandler({
        onAdd: (pdb) => this.enqueue(pdb),
        onUpdate: (_old, pdb) => this.enqueue(pdb),
        onDelete: (pdb) => this.enqueue(pdb),
      }),
    );
    inf.start();
    this.workers.push(
      new QueueWorker(this.ctx.loop, this.queue, (key) => this.sync(key), { name: this.name }),
      new QueueWorker(this.ctx.loop, this.stalePodQueue, (key) => this.syncStalePodDisruption(key), { name: `${this.name}: stale pod disruption` }),
    );
  }

  stop(): void {
    if (!this.running) return;
    this.running = false;
    for (const w of this.workers) w.stop();
    this.workers.length = 0;
    for (const r of this.registrations) r.remove();
    this.registrations.length = 0;
    for (const i of this.informers) i.stop();
    this.informers.length = 0;
  }

  // ---- handlers: map objects to keys ------------------------------------------------------------

  private enqueue(pdb: KubeObject): void {
    this.queue.add(`${pdb.metadata!.namespace}/${pdb.metadata!.name}`);
  }

  private podChanged(pod: KubeObject): void {
    this.enqueuePdbForPod(pod);
    const { stale, waitMs } = staleDisruptionCondition(pod, this.nowMs());
    if (stale) this.stalePodQueue.addAfter(`${pod.metadata!.namespace}/${pod.metadata!.name}`, waitMs);
  }

  /**
   * getPdbForPod: the budget whose selector matches the pod. Several budgets are a
   * misconfiguration the eviction API refuses; upstream picks one "arbitrarily" (here: the first
   * by name, for determinism) and warns on the pod.
   */
  private enqueuePdbForPod(pod: KubeObject): void {
    const labels = pod.metadata?.labels ?? {};
    const matching = this.pdbs
      .lister()
      .namespace(pod.metadata!.namespace!)
      .list()
      .filter((pdb) => selectorOf(pdb)?.matches(labels))
      .sort((a, b) => (a.metadata!.name! < b.metadata!.name! ? -1 : 1));
    if (matching.length === 0) return;
    if (matching.length > 1) {
      this.recorder.eventf(
        pod,
        'Warning',
        'MultiplePodDisruptionBudgets',
        'Pod %q/%q matches multiple PodDisruptionBudgets.  Chose %q arbitrarily.',
        pod.metadata!.namespace,
        pod.metadata!.name,
        matching[0].metadata!.name,
      );
    }
    this.enqueue(matching[0]);
  }

  // ---- sync -----------------------------------------------------------------------------------

  /** sync: a conflict is retried (rate-limited); any other failure makes the budget fail safe. */
  sync(key: string): ReconcileResult {
    const { namespace, name } = splitMetaNamespaceKey(key);
    const pdb = this.pdbs.lister().namespace(namespace ?? '').get(name);
    if (!pdb) return; // deleted
    try {
      return this.trySync(pdb);
    } catch (e) {
      if (isConflict(e)) throw e;
      // A failed fail-safe write throws, and the key is retried.
      this.client.updateStatus(PDBS, { ...pdb, status: failSafeStatus(pdb, errorMessage(e), this.recorder.timestamp()) });
    }
  }

  private trySync(pdb: KubeObject): ReconcileResult {
    let pods: KubeObject[];
    try {
      pods = this.podsForPdb(pdb);
    } catch (e) {
      this.recorder.eventf(pdb, 'Warning', 'NoPods', 'Failed to get pods: %v', errorMessage(e));
      throw e;
    }
    if (pods.length === 0) this.recorder.eventf(pdb, 'Normal', 'NoPods', 'No matching pods found');

    let expected: ReturnType<typeof expectedPodCount>;
    try {
      expected = expectedPodCount(pdb, pods, this.sources);
    } catch (e) {
      this.recorder.eventf(pdb, 'Warning', 'CalculateExpectedPodCountFailed', 'Failed to calculate the number of expected pods: %v', errorMessage(e));
      throw e;
    }
    if (expected.unmanagedPods.length) {
      this.recorder.eventf(
        pdb,
        'Warning',
        'UnmanagedPods',
        'Pods selected by this PodDisruptionBudget (selector: %v) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.',
        goLabelSelectorString((pdb.spec as { selector?: LabelSelector } | undefined)?.selector),
      );
    }

    const nowMs = this.nowMs();
    const { disruptedPods, recheckAtMs, expired } = buildDisruptedPodMap(pods, pdb.status ?? {}, nowMs);
    for (const pod of expired) {
      // Upstream prints the budget's namespace twice here; kept, so messages match.
      this.recorder.eventf(pod, 'Warning', 'NotDeleted', "Pod was expected by PDB %s/%s to be deleted but it wasn't", pdb.metadata!.namespace, pdb.metadata!.namespace);
    }
    const currentHealthy = countHealthyPods(pods, disruptedPods, nowMs);
    const status = desiredStatus(
      pdb,
      { currentHealthy, desiredHealthy: expected.desiredHealthy, expectedCount: expected.expectedCount, disruptedPods },
      this.recorder.timestamp(),
    );
    if (status) this.client.updateStatus(PDBS, { ...pdb, status });
    // The clock stands still during a sync, so a recheck due now is asked for a millisecond later,
    // when the entry has run out.
    if (recheckAtMs !== undefined) return { requeueAfterMs: Math.max(1, recheckAtMs - nowMs) };
  }

  /** getPodsForPdb: the pods of the budget's namespace its selector matches (nil selector: none). */
  private podsForPdb(pdb: KubeObject): KubeObject[] {
    const selector = labelSelectorFromObject((pdb.spec as { selector?: LabelSelector } | undefined)?.selector);
    return this.pods.lister().namespace(pdb.metadata!.namespace!).list(selector);
  }

  /** syncStalePodDisruption: sets a stale DisruptionTarget condition to False. */
  syncStalePodDisruption(key: string): ReconcileResult {
    const { namespace, name } = splitMetaNamespaceKey(key);
    const pod = this.pods.lister().namespace(namespace ?? '').get(name);
    if (!pod) return;
    const { stale, waitMs } = staleDisruptionCondition(pod, this.nowMs());
    if (!stale) return;
    if (waitMs > 0) return { requeueAfterMs: waitMs };
    const next = structuredClone(pod) as KubeObject;
    const status = (next.status ?? {}) as { conditions?: PodCondition[] };
    if (!updatePodCondition(status, { type: DISRUPTION_TARGET, status: 'False' }, this.recorder.timestamp())) return;
    next.status = status;
    this.client.updateStatus('pods', next);
  }

  private nowMs(): number {
    return this.ctx.epochMs + this.ctx.loop.now;
  }
}

/** A budget's selector, or undefined when it is invalid (such a budget matches no pod). */
function selectorOf(pdb: KubeObject): Selector | undefined {
  try {
    return labelSelectorFromObject((pdb.spec as { selector?: LabelSelector } | undefined)?.selector);
  } catch {
    return undefined;
  }
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
