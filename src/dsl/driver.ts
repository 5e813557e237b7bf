import { FeatureGateError, FeatureGates } from '../api/feature_gates';
import * as path from 'node:path';
import type { KubeObject, Status } from '../api/object';
import { isNotFound, isStatusError, StatusError } from '../api/object';
import type { ResourceInfo } from '../api/resources';
import { parseDuration } from '../api/duration';
import { describeMismatches, partialMatch, wildcardMatch } from '../api/match';
import { Cluster, ClusterError } from '../cluster/cluster';
import { ConfigError, loadConfig } from '../scheduler/apis/config/load';
import type { KubeSchedulerConfiguration } from '../scheduler/apis/config/types';
import { Drain } from './drain';
import { checkScheduledOn, checkScores, checkUnschedulable, schedulerScoresText, type ScoreRow } from './scheduling';
import type { NodeSpec } from '../cluster/node_spec';
import type { Client, PatchType, PropagationPolicy, WatchEvent, WatchHandle } from '../client/types';
import type { ReportSource } from './report_source';
import { apply } from './apply';
import { assertForm, fail, pass } from './assertions';
import type { Check, CheckResult, Form } from './assertions';
import { UserError } from './errors';
import { podsOf } from './history';
import type { Pod } from 'kubernetes-types/core/v1';
import type { ControllerRevision, Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import { formatRFC3339 } from '../client/event_recorder';
import { deploymentRolloutStatus, planRollback } from './rollout';
import { isPodReady, podStatusColumn } from '../api/pod_status';
import { describePod, isRunning, podLine, podsOwnedBy, readyReplicasField } from './pods';
import { docStringManifest, docStringYaml, readManifestPath } from './manifest';
import { rejectionMessage, unknownKindMessage } from './messages';
import { pairs, parseTaint } from './nodes';
import type { ManifestDoc } from './manifest';
import { formatRef, parseRef } from './ref';
import type { Ref } from './ref';
import type { SourcePos } from './source';
import { at } from './source';
import { stateYaml, timeline } from './state';

/** Default for `eventually` (STEPS.md: `Given the eventually timeout is {duration}`). */
export const DEFAULT_EVENTUALLY_MS = 10 * 60_000;

/** An Event row as `the events for ... include:` compares it. */
export interface EventRow {
  type?: string;
  reason?: string;
  message?: string;
}

/**
 * What the steps drive: one scenario's cluster and everything the step language says about it.
 * Steps parse their arguments and call one method here; this class turns them into API calls and
 * virtual-time moves, and turns user mistakes into UserErrors that name the file and line.
 *
 * Time rules (STEPS.md, Time): `given*` methods leave the cluster settled; `when*` methods act and
 * run what is due at the current instant without moving the clock; only `pass`, `settle` and the
 * timed assertion forms move it.
 */
export class ScenarioDriver implements ReportSource {
  seed: number;
  /** Where the current step is (set by a BeforeStep hook). */
  pos?: SourcePos;
  private clusterRef?: Cluster;
  private eventuallyMs = DEFAULT_EVENTUALLY_MS;
  private lastRejection?: Status;
  /** The last tried scheduler configuration: its error, null when accepted, undefined when none was tried. */
  private configRejection?: string | null;
  private lastTryWasAccepted = false;
  private lastFailure?: string;
  private watched: WatchEvent[] = [];
  private schedulerConfig?: KubeSchedulerConfiguration;
  private featureGates?: FeatureGates;
  private readonly drains = new Map<string, Drain>();
  private watchHandle?: WatchHandle;

  constructor(seed = 1) {
    this.seed = seed;
  }

  // ---- cluster -------------------------------------------------------------------------------

  get cluster(): Cluster {
    return (this.clusterRef ??= Cluster.start({ seed: this.seed, schedulerConfig: this.schedulerConfig, featureGates: this.featureGates }));
  }

  get started(): boolean {
    return this.clusterRef !== undefined;
  }

  setSeed(seed: number): void {
    if (this.clusterRef) throw this.userError('the random seed must be set before the cluster starts (put it before "Given a cluster ...")');
    this.seed = seed;
  }

  /** `Given the feature gates "A=true,B=false"`: before the cluster starts, as the components' flag. */
  setFeatureGates(text: string): void {
    if (this.clusterRef) throw this.userError('feature gates must be set before the cluster starts (put them before "Given a cluster ...")');
    try {
      this.featureGates = FeatureGates.parse(text);
    } catch (e) {
      if (e instanceof FeatureGateError) throw this.userError(`invalid feature gates "${text}": ${e.message}`);
      throw e;
    }
  }

  startCluster(nodes: NodeSpec[]): void {
    if (this.clusterRef) throw this.userError('the cluster has already started: "Given a cluster ..." must come before the steps that use it');
    const names = new Set<string>();
    for (const n of nodes) {
      if (names.has(n.name)) throw this.userError(`node "${n.name}" is listed twice`);
      names.add(n.name);
    }
    this.clusterRef = Cluster.start({ seed: this.seed, nodes, schedulerConfig: this.schedulerConfig, featureGates: this.featureGates });
  }

  addNode(spec: NodeSpec): void {
    if (this.cluster.kubelets.has(spec.name)) throw this.userError(`node "${spec.name}" is already in the cluster`);
    this.call(() => this.cluster.addNode(spec));
    this.now();
  }

  /**
   * `Given the scheduler configuration:` — before the cluster starts, kube-scheduler starts with it;
   * afterwards kube-scheduler is restarted with it (pods already bound stay where they are).
   */
  configureScheduler(yamlText: string): void {
    let config: KubeSchedulerConfiguration;
    try {
      config = loadConfig(yamlText);
    } catch (e) {
      if (e instanceof ConfigError) throw this.userError(`the scheduler configuration is invalid: ${e.message}`);
      throw e;
    }
    this.useSchedulerConfig(config);
  }

  /**
   * `When I try to set the scheduler configuration:` — as `configureScheduler`, but an invalid
   * configuration is recorded (kube-scheduler keeps running with the one it has) for
   * `Then the scheduler configuration is rejected with message ...`.
   */
  trySchedulerConfig(yamlText: string): void {
    this.configRejection = undefined;
    let config: KubeSchedulerConfiguration;
    try {
      config = loadConfig(yamlText);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      this.configRejection = e.message;
      return;
    }
    this.configRejection = null;
    this.useSchedulerConfig(config);
  }

  schedulerConfigRejected(message: string): void {
    const got = this.configRejection;
    if (got === undefined) throw this.userError('no scheduler configuration was tried: use "When I try to set the scheduler configuration:" before this step');
    if (got === null) throw this.assertion('expected the scheduler configuration to be rejected, but it was accepted');
    if (!wildcardMatch(message, got)) throw this.assertion(`expected the message\n  ${message}\nbut it was\n  ${got}`);
  }

  private useSchedulerConfig(config: KubeSchedulerConfiguration): void {
    this.schedulerConfig = config;
    if (this.clusterRef) {
      this.clusterRef.startScheduler(config);
      this.settle();
    }
  }

  // ---- faults --------------------------------------------------------------------------------

  /** `When node X fails` / `recovers` / `is deleted`. */
  nodeFault(node: string, fault: 'fail' | 'recover' | 'delete'): void {
    this.onCluster(() => {
      if (fault === 'fail') this.cluster.failNode(node);
      else if (fault === 'recover') this.cluster.recoverNode(node);
      else this.cluster.deleteNode(node);
    });
    this.now();
  }

  /** `When node X is tainted "key=value:Effect"` — as `kubectl taint nodes X key=value:Effect`. */
  taintNode(node: string, taintText: string): void {
    const taint = parseTaint(taintText, (m) => this.userError(m));
    const current = this.find(this.info('nodes'), { name: node });
    if (!current) throw this.userError(`node "${node}" does not exist`);
    const taints = ((current.spec as { taints?: { key: string; value?: string; effect: string }[] })?.taints ?? []);
    if (taints.some((t) => t.key === taint.key && t.effect === taint.effect)) {
      throw this.userError(`node "${node}" already has a taint with key (${taint.key}) and effect (${taint.effect}); kubectl would need --overwrite`);
    }
    const next = [...taints, { key: taint.key, ...(taint.value ? { value: taint.value } : {}), effect: taint.effect }];
    this.call(() => this.client.patch('nodes', undefined, node, 'merge', { spec: { taints: next } }));
    this.now();
  }

  /** `When container C of pod P exits with code N` — the simulated process ends. */
  exitContainer(container: string, refText: string, code: number): void {
    const { namespace, name, node } = this.boundPod(refText);
    this.onCluster(() => this.cluster.kubelet(node).exitContainer(namespace, name, container, code));
    this.now();
  }

  /** `When pod P starts failing its readiness probe` (and the other probe faults). */
  probeFault(refText: string, probe: 'readiness' | 'liveness' | 'startup', failing: boolean): void {
    const { namespace, name, node } = this.boundPod(refText);
    this.onCluster(() => this.cluster.kubelet(node).setProbeFailing(namespace, name, probe, failing));
    this.now();
  }

  private boundPod(refText: string): { namespace: string; name: string; node: string } {
    const ref = this.ref(refText);
    const namespace = ref.namespace ?? 'default';
    const pod = this.find(this.info('pods'), ref) as Pod | undefined;
    if (!pod) throw this.userError(`pod "${formatRef(ref)}" does not exist`);
    const node = pod.spec?.nodeName;
    if (!node) throw this.userError(`pod "${formatRef(ref)}" is not running on a node yet (it is ${podStatusColumn(pod)})`);
    return { namespace, name: ref.name, node };
  }

  /** Runs a cluster operation; the cluster's refusals (no such node, no such container) become UserErrors. */
  private onCluster(fn: () => void): void {
    try {
      this.call(fn);
    } catch (e) {
      if (e instanceof ClusterError || (e instanceof Error && e.name === 'KubeletError')) throw this.userError(e.message);
      throw e;
    }
  }

  setEventuallyTimeout(text: string): void {
    this.eventuallyMs = this.duration(text);
  }

  stop(): void {
    for (const d of this.drains.values()) d.stop();
    this.watchHandle?.stop();
    this.clusterRef?.stop();
  }

  // ---- time ----------------------------------------------------------------------------------

  pass(text: string): void {
    this.cluster.loop.advance(this.duration(text));
  }

  settle(): void {
    const loop = this.cluster.loop;
    if (!loop.settle()) {
      throw this.userError(`the cluster did not settle within 5 minutes of virtual time; still pending: ${loop.pendingLabels().join(', ')}`);
    }
  }

  /** Runs what is due at this instant (the immediate consequences of a When step). */
  now(): void {
    this.cluster.loop.advance(0);
  }

  // ---- objects -------------------------------------------------------------------------------

  /** `Given the manifest:` — apply, then wait until the workloads it declares are available. */
  givenManifest(text: string): void {
    const applied = this.applyDocs(this.docsFromText(text));
    this.settle();
    this.waitAvailable(applied);
  }

  givenManifestPath(p: string): void {
    const applied = this.applyDocs(this.docsFromPath(p));
    this.settle();
    this.waitAvailable(applied);
  }

  whenApply(text: string): void {
    this.applyDocs(this.docsFromText(text));
    this.now();
  }

  whenApplyPath(p: string): void {
    this.applyDocs(this.docsFromPath(p));
    this.now();
  }

  /** `When I try to apply the manifest:` — a rejection is recorded for `Then the request is rejected ...`. */
  tryApply(text: string): void {
    const docs = this.docsFromText(text);
    this.attempt(() => this.applyDocs(docs, true));
  }

  /** `kubectl create`: every document is created; an existing name is an error (AlreadyExists). */
  create(text: string): void {
    for (const d of this.docsFromText(text)) {
      const info = this.kindOf(d);
      this.call(() => this.client.create(info.name, d.object), d.where);
      this.now();
    }
  }

  tryCreate(text: string): void {
    const docs = this.docsFromText(text);
    this.attempt(() => {
      for (const d of docs) {
        this.client.create(this.kindOf(d).name, d.object);
        this.now();
      }
    });
  }

  tryDelete(kindText: string, refText: string): void {
    const { info, ref } = this.target(kindText, refText);
    this.attempt(() => this.client.delete(info.name, this.ns(info, ref), ref.name));
  }

  tryPatch(kindText: string, refText: string, yamlText: string, type: PatchType = 'strategic'): void {
    const { info, ref } = this.target(kindText, refText);
    const body = this.yaml(yamlText, 'the patch');
    this.attempt(() => this.client.patch(info.name, this.ns(info, ref), ref.name, type, body));
  }

  /**
   * Makes `owner` the controller owner of `dependent` (an ownerReference with controller and
   * blockOwnerDeletion, as controllers set them), looking up the owner's UID.
   */
  setOwner(depKind: string, depRef: string, ownerKind: string, ownerRefText: string): void {
    const dep = this.target(depKind, depRef);
    const own = this.target(ownerKind, ownerRefText);
    const ownerNs = own.info.namespaced ? own.ref.namespace ?? 'default' : undefined;
    const owner = this.call(() => this.client.get(own.info.name, ownerNs, own.ref.name));
    const live = this.call(() => this.client.get(dep.info.name, this.ns(dep.info, dep.ref), dep.ref.name));
    const refs = (live.metadata?.ownerReferences ?? []).filter((r) => r.uid !== owner.metadata?.uid);
    const ownerReferences = [
      ...refs.map((r) => ({ ...r, controller: false })),
      { apiVersion: own.info.apiVersion, kind: own.info.kind, name: own.ref.name, uid: owner.metadata!.uid!, controller: true, blockOwnerDeletion: true },
    ];
    this.call(() => this.client.patch(dep.info.name, this.ns(dep.info, dep.ref), dep.ref.name, 'merge', { metadata: { ownerReferences } }));
    this.now();
  }

  /** Names of the objects of a kind (all namespaces) carrying the labels, in name order, against `*` patterns. */
  checkNames(kindText: string, selector: string, patterns: string): Check {
    const info = this.info(kindText);
    const want = patterns.split(',').map((s) => s.trim()).filter(Boolean);
    return () => {
      const names = this.call(() => this.client.list(info.name, { labelSelector: selector })).items.map((o) => o.metadata!.name!);
      const ok = names.length === want.length && want.every((p, i) => wildcardMatch(p, names[i]));
      return ok ? pass : fail(`expected the ${info.plural} labelled ${selector} to be named\n  ${want.join(', ')}\nbut they are named\n  ${names.join(', ') || '(none)'}`);
    };
  }

  /** Runs a request that may be rejected; the rejection is kept for `Then the request is rejected ...`. */
  private attempt(fn: () => void): void {
    this.lastRejection = undefined;
    try {
      fn();
      this.lastTryWasAccepted = true;
    } catch (e) {
      if (!(e instanceof StatusError)) throw e;
      this.lastRejection = e.status;
      this.lastTryWasAccepted = false;
    }
    this.now();
  }

  private kindOf(d: ManifestDoc): ResourceInfo {
    const apiVersion = String(d.object.apiVersion);
    const kind = String(d.object.kind);
    const info = this.cluster.registry.byKind(apiVersion, kind);
    if (!info) throw new UserError(unknownKindMessage(d, this.cluster.registry, apiVersion, kind));
    return info;
  }

  private yaml(text: string, what: string): unknown {
    return docStringYaml(text, this.pos, what);
  }

  /** The object a manifest document stands for, as the API server has it. */
  private applyDocs(docs: ManifestDoc[], raw = false): { info: ResourceInfo; object: KubeObject }[] {
    const out: { info: ResourceInfo; object: KubeObject }[] = [];
    for (const d of docs) {
      const info = this.kindOf(d);
      const kind = info.kind;
      try {
        out.push({ info, object: apply(this.client, info.name, info.namespaced, d.object, info.crd === true).object });
      } catch (e) {
        if (raw && e instanceof StatusError) throw e;
        if (e instanceof StatusError) throw new UserError(rejectionMessage(d, kind, e));
        throw e;
      }
      this.now();
    }
    return out;
  }

  /** A patch in YAML (JSON is YAML too): strategic merge (kubectl's default), JSON merge (RFC 7396) or JSON patch (RFC 6902). */
  patch(kindText: string, refText: string, yamlText: string, type: PatchType = 'strategic'): void {
    const { info, ref } = this.target(kindText, refText);
    const body = this.yaml(yamlText, 'the patch');
    this.call(() => this.client.patch(info.name, this.ns(info, ref), ref.name, type, body));
    this.now();
  }

  scale(kindText: string, refText: string, replicas: number): void {
    const { info, ref } = this.target(kindText, refText);
    const live = this.call(() => this.client.get(info.name, this.ns(info, ref), ref.name));
    if (!live.spec || typeof (live.spec as { replicas?: unknown }).replicas === 'undefined') {
      throw this.userError(`${info.kind} "${formatRef(ref)}" cannot be scaled: it has no spec.replicas`);
    }
    this.call(() => this.client.patch(info.name, this.ns(info, ref), ref.name, 'merge', { spec: { replicas } }));
    this.now();
  }

  /** `kubectl set image` for every container of the object's pod template (or of the pod). */
  setImage(kindText: string, refText: string, image: string): void {
    const { info, ref } = this.target(kindText, refText);
    const live = this.call(() => this.client.get(info.name, this.ns(info, ref), ref.name));
    const spec = podSpecOf(live);
    if (!spec) throw this.userError(`${info.kind} "${formatRef(ref)}" has no containers to set the image of`);
    const containers = (spec.containers ?? []).map((c) => ({ name: c.name, image }));
    const patch = info.kind === 'Pod' ? { spec: { containers } } : templatePatch(live, { containers });
    this.call(() => this.client.patch(info.name, this.ns(info, ref), ref.name, 'strategic', patch));
    this.now();
  }

  delete(kindText: string, refText: string, propagation?: string): void {
    const { info, ref } = this.target(kindText, refText);
    if (propagation !== undefined && !['Background', 'Foreground', 'Orphan'].includes(propagation)) {
      throw this.userError(`unknown propagation "${propagation}": use "Background", "Foreground" or "Orphan"`);
    }
    // kubectl names a policy on every delete: --cascade=background unless told otherwise.
    this.call(() => this.client.delete(info.name, this.ns(info, ref), ref.name, { propagationPolicy: (propagation ?? 'Background') as PropagationPolicy }));
    this.now();
  }

  forceDelete(refText: string): void {
    const ref = this.ref(refText);
    this.call(() => this.client.delete('pods', ref.namespace ?? 'default', ref.name, { gracePeriodSeconds: 0 }));
    this.now();
  }

  /** `Given a Service ... selecting "app=web" on port 80`: a ClusterIP Service; targetPort defaults to the port. */
  givenService(name: string, selector: string, port: number): void {
    const sel = pairs(selector, (m) => this.userError(`the selector ${m}: write it as key=value,key2=value2`));
    this.call(() =>
      apply(this.client, 'services', true, {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name, namespace: 'default' },
        spec: { selector: sel, ports: [{ port }] },
      }),
    );
    this.settle();
  }

  /** Starts recording the watch events of a resource (all namespaces) for `Then the watch received:`. */
  watch(kindText: string, opts: { fromBeginning?: boolean; labelSelector?: string } = {}): void {
    const info = this.info(kindText);
    this.watched = [];
    this.watchHandle?.stop();
    this.watchHandle = this.call(() =>
      this.client.watch(info.name, { resourceVersion: opts.fromBeginning ? '1' : undefined, labelSelector: opts.labelSelector }, (ev) => {
        this.watched.push(ev);
      }),
    );
    this.now();
  }

  /** Compacts the store at its current revision, as the API server's periodic compaction does. */
  compact(): void {
    this.cluster.store.compact(this.cluster.store.rev);
    this.now();
  }

  checkWatch(rows: { type?: string; name?: string; message?: string }[]): Check {
    return () => {
      const got = this.watched.map((e) => ({
        type: e.type,
        name: e.type === 'ERROR' ? '' : (e.object as KubeObject).metadata?.name ?? '',
        message: e.type === 'ERROR' ? (e.object as Status).message : '',
      }));
      const ok =
        got.length === rows.length &&
        rows.every((r, i) => (r.type === undefined || r.type === got[i].type) && (r.name === undefined || r.name === got[i].name) && (r.message === undefined || wildcardMatch(r.message, got[i].message)));
      if (ok) return pass;
      const fmt = (l: { type?: string; name?: string; message?: string }[]) => l.map((x) => `  ${x.type ?? '*'} ${x.name ?? '*'}${x.message ? ` ${x.message}` : ''}`).join('\n') || '  (none)';
      return fail(`expected the watch to have received, in order:\n${fmt(rows)}\nbut it received:\n${fmt(got)}`);
    };
  }

  /** `Given a pod "web"` / `... on node "node-1"`: one container `app` (nginx:1.25, 100m/128Mi); waits until Running and Ready. */
  givenPod(refText: string, node?: string): void {
    const ref = this.ref(refText);
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: ref.name, namespace: ref.namespace ?? 'default', labels: { app: ref.name } },
      spec: {
        ...(node ? { nodeName: node } : {}),
        containers: [workloadContainer()],
      },
    };
    const info = this.info('pods');
    const created = this.call(() => this.client.create('pods', pod));
    this.waitAvailable([{ info, object: created }]);
  }

  /**
   * `Given a Deployment "web" with 3 replicas`: labels `app=<name>`, one container `app`
   * (nginx:1.25, 100m/128Mi); waits until every replica is available.
   */
  givenDeployment(refText: string, replicas: number): void {
    const ref = this.ref(refText);
    const labels = { app: ref.name };
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: ref.name, namespace: ref.namespace ?? 'default', labels },
      spec: { replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [workloadContainer()] } } },
    };
    const created = this.call(() => apply(this.client, 'deployments.apps', true, deployment).object);
    this.waitAvailable([{ info: this.info('deployments.apps'), object: created }]);
  }

  /**
   * `Given a DaemonSet "agent"`: labels `app=<name>`, one container `app` (nginx:1.25,
   * 100m/128Mi); waits until a ready pod runs on every node that should run one.
   */
  givenDaemonSet(refText: string): void {
    const ref = this.ref(refText);
    const labels = { app: ref.name };
    const ds = {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: ref.name, namespace: ref.namespace ?? 'default', labels },
      spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [workloadContainer()] } } },
    };
    const created = this.call(() => apply(this.client, 'daemonsets.apps', true, ds).object);
    this.waitAvailable([{ info: this.info('daemonsets.apps'), object: created }]);
  }

  /**
   * `Given a StatefulSet "web" with 3 replicas`: labels `app=<name>`, one container `app`
   * (nginx:1.25, 100m/128Mi), and the headless Service `<name>` it names as serviceName; waits until
   * every replica is ready.
   */
  givenStatefulSet(refText: string, replicas: number): void {
    const ref = this.ref(refText);
    const namespace = ref.namespace ?? 'default';
    const labels = { app: ref.name };
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: ref.name, namespace, labels }, spec: { clusterIP: 'None', selector: labels, ports: [{ port: 80, name: 'web' }] } };
    const set = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: ref.name, namespace, labels },
      spec: { replicas, serviceName: ref.name, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [workloadContainer()] } } },
    };
    this.call(() => apply(this.client, 'services', true, service));
    const created = this.call(() => apply(this.client, 'statefulsets.apps', true, set).object);
    this.waitAvailable([{ info: this.info('statefulsets.apps'), object: created }]);
  }

  /**
   * `kubectl rollout undo`: a Deployment gets the template and annotations of the ReplicaSet of
   * that revision (0: the one before the latest); a StatefulSet or DaemonSet the patch its
   * ControllerRevision holds. A rollback to the current template is skipped, as kubectl skips it.
   */
  undoRollout(kindText: string, refText: string, toRevision = 0): void {
    const { info, ref } = this.target(kindText, refText);
    const ns = this.ns(info, ref);
    const live = this.find(info, ref);
    if (!live) throw this.userError(`${info.kind.toLowerCase()} "${formatRef(ref)}" does not exist`);
    const owned = (resource: string) => this.cluster.apiserver.list(resource, { namespace: ns }).items.filter((o) => (o.metadata?.ownerReferences ?? []).some((r) => r.controller && r.uid === live.metadata?.uid));
    if (info.kind === 'Deployment') {
      const plan = planRollback(live as Deployment & KubeObject, owned('replicasets.apps') as (ReplicaSet & KubeObject)[], toRevision);
      if (plan.kind === 'error') throw this.userError(`kubectl rollout undo: ${plan.message}`);
      if (plan.kind === 'patch') this.call(() => this.client.patch(info.name, ns, ref.name, 'json', plan.patch));
    } else if (info.kind === 'StatefulSet' || info.kind === 'DaemonSet') {
      const revisions = (owned('controllerrevisions.apps') as (ControllerRevision & KubeObject)[]).sort((a, b) => a.revision - b.revision);
      const target = toRevision === 0 ? revisions[revisions.length - 2] : revisions.find((r) => r.revision === toRevision);
      if (!target) throw this.userError(`kubectl rollout undo: ${toRevision === 0 ? `no last revision to roll back to` : `unable to find specified revision ${toRevision} in history`}`);
      this.call(() => this.client.patch(info.name, ns, ref.name, 'strategic', target.data));
    } else {
      throw this.userError(`kubectl rollout undo applies to deployment, statefulset and daemonset, not ${info.kind.toLowerCase()}`);
    }
    this.now();
  }

  /** `kubectl rollout pause` / `resume`: spec.paused of a Deployment. */
  pauseRollout(kindText: string, refText: string, paused: boolean): void {
    const { info, ref } = this.target(kindText, refText);
    if (info.kind !== 'Deployment') throw this.userError(`only a deployment's rollout can be ${paused ? 'paused' : 'resumed'}, not a ${info.kind.toLowerCase()}'s`);
    this.call(() => this.client.patch(info.name, this.ns(info, ref), ref.name, 'strategic', { spec: { paused: paused || null } }));
    this.now();
  }

  /** `kubectl rollout restart`: the pod template's kubectl.kubernetes.io/restartedAt annotation, set to now. */
  restartRollout(kindText: string, refText: string): void {
    const { info, ref } = this.target(kindText, refText);
    if (!['Deployment', 'StatefulSet', 'DaemonSet'].includes(info.kind)) throw this.userError(`kubectl rollout restart applies to deployment, statefulset and daemonset, not ${info.kind.toLowerCase()}`);
    const at = formatRFC3339(this.cluster.epochMs + this.cluster.loop.now);
    this.call(() => this.client.patch(info.name, this.ns(info, ref), ref.name, 'strategic', { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': at } } } } }));
    this.now();
  }

  /** `the rollout of deployment X is complete`: kubectl rollout status would exit 0. */
  checkRolloutComplete(refText: string): Check {
    const { info, ref } = this.target('deployments.apps', refText);
    return () => {
      const d = this.find(info, ref) as (Deployment & KubeObject) | undefined;
      if (!d) return fail(`expected the rollout of deployment "${formatRef(ref)}" to be complete, but it does not exist`);
      const st = deploymentRolloutStatus(d);
      return st.done ? pass : fail(`expected the rollout of deployment "${formatRef(ref)}" to be complete; kubectl rollout status prints:\n  ${st.message}`);
    };
  }

  /** `When I drain node X`: kubectl drain (see Drain), which goes on in virtual time after the step. */
  drain(node: string): void {
    if (!this.find(this.info('nodes'), { name: node })) throw this.userError(`node "${node}" does not exist`);
    this.drains.get(node)?.stop();
    const d = new Drain(this.client, this.cluster.loop, node);
    this.drains.set(node, d);
    this.call(() => d.start());
    this.now();
  }

  /** `the drain of node X has finished`: every pod it evicted is gone. */
  /** `finished: false` is the negation: the drain is still waiting (e.g. on a PodDisruptionBudget). */
  checkDrained(node: string, finished = true): Check {
    return () => {
      const d = this.drains.get(node);
      if (!d) throw this.userError(`node "${node}" was not drained in this scenario`);
      const printed = d.output.map((l) => `  ${l}`).join('\n');
      if (finished) return d.done ? pass : fail(`the drain of node "${node}" has not finished; kubectl printed:\n${printed}`);
      return d.done ? fail(`the drain of node "${node}" has finished; kubectl printed:\n${printed}`) : pass;
    };
  }

  checkUnschedulable(refText: string, message: string): Check {
    const { info, ref } = this.target('pods', refText);
    return () => checkUnschedulable(this.find(info, ref) as Pod | undefined, formatRef(ref), message);
  }

  checkScheduledOn(refText: string, node: string): Check {
    const { ref } = this.target('pods', refText);
    return () => checkScheduledOn(this.eventsFor(this.info('pods'), ref), formatRef(ref), node);
  }

  checkScores(refText: string, rows: ScoreRow[]): Check {
    const { ref } = this.target('pods', refText);
    return () => checkScores(this.cluster.scheduler.records, ref.namespace ?? 'default', ref.name, rows);
  }

  cordon(node: string, unschedulable: boolean): void {
    this.call(() => this.client.patch('nodes', undefined, node, 'strategic', { spec: { unschedulable: unschedulable || null } }));
    this.now();
  }

  rejected(code: number, message?: string): void {
    if (this.lastTryWasAccepted) throw this.assertion(`expected the request to be rejected with status ${code}, but it was accepted`);
    const r = this.lastRejection;
    if (!r) throw this.userError('no request was tried: use "When I try to apply the manifest:" before this step');
    if (r.code !== code) throw this.assertion(`expected status ${code}, got ${r.code} (${r.reason}): ${r.message}`);
    if (message !== undefined && !wildcardMatch(message, r.message)) {
      throw this.assertion(`expected the message\n  ${message}\nbut it was\n  ${r.message}`);
    }
  }

  // ---- assertions ------------------------------------------------------------------------------

  /** Runs a check in one of the four forms. */
  assert(form: Form, check: Check): void {
    try {
      assertForm(this.cluster.loop, form, check, this.eventuallyMs);
    } catch (e) {
      this.lastFailure = (e as Error).message;
      throw e;
    }
  }

  formOf(mode: 'now' | 'eventually' | 'within' | 'for', duration?: string): Form {
    if (mode === 'within' || mode === 'for') return { type: mode, ms: this.duration(duration!) };
    return { type: mode };
  }

  /** Partial match (STEPS.md); `negate` for `does not match:`, which holds when the object is absent too. */
  checkMatches(kindText: string, refText: string, yamlText: string, negate = false): Check {
    const { info, ref } = this.target(kindText, refText);
    const expected = this.yaml(yamlText, 'the expected object');
    return () => {
      const obj = this.find(info, ref);
      if (!obj) return negate ? pass : fail(`${info.kind} "${formatRef(ref)}" does not exist`);
      const mismatches = partialMatch(expected, obj);
      if (negate) return mismatches.length ? pass : fail(`${info.kind} "${formatRef(ref)}" matches, but should not:\n${yamlText}`);
      return mismatches.length ? fail(`${info.kind} "${formatRef(ref)}" does not match:\n${describeMismatches(mismatches)}`) : pass;
    };
  }

  /** `the volume of claim {ref} matches:` — the PV named by the claim's spec.volumeName. */
  checkClaimVolumeMatches(refText: string, yamlText: string): Check {
    const { info, ref } = this.target('persistentvolumeclaim', refText);
    const expected = this.yaml(yamlText, 'the expected object');
    return () => {
      const claim = this.find(info, ref);
      if (!claim) return fail(`PersistentVolumeClaim "${formatRef(ref)}" does not exist`);
      const volumeName = (claim.spec as { volumeName?: string } | undefined)?.volumeName;
      if (!volumeName) return fail(`PersistentVolumeClaim "${formatRef(ref)}" is not bound to a volume (phase ${(claim.status as { phase?: string } | undefined)?.phase ?? 'unknown'})`);
      const pv = this.find(this.info('persistentvolume'), { name: volumeName });
      if (!pv) return fail(`PersistentVolumeClaim "${formatRef(ref)}" names volume "${volumeName}", which does not exist`);
      const mismatches = partialMatch(expected, pv);
      return mismatches.length ? fail(`PersistentVolume "${volumeName}" (of claim "${formatRef(ref)}") does not match:\n${describeMismatches(mismatches)}`) : pass;
    };
  }

  checkExists(kindText: string, refText: string, exists: boolean): Check {
    const { info, ref } = this.target(kindText, refText);
    return () => {
      const obj = this.find(info, ref);
      if (exists && !obj) return fail(`expected ${info.kind} "${formatRef(ref)}" to exist, but it does not`);
      if (!exists && obj) {
        const del = obj.metadata?.deletionTimestamp ? ` (it is being deleted since ${obj.metadata.deletionTimestamp}; finalizers: ${JSON.stringify(obj.metadata.finalizers ?? [])})` : '';
        return fail(`expected ${info.kind} "${formatRef(ref)}" not to exist, but it does${del}`);
      }
      return pass;
    };
  }

  /**
   * `there are N {kind}`: objects of the kind that are not being deleted, in the default namespace
   * (or everywhere, for a cluster-scoped kind).
   */
  checkCount(kindText: string, expected: number): Check {
    const info = this.info(kindText);
    return () => {
      const names = this.cluster.apiserver
        .list(info.name, { namespace: info.namespaced ? 'default' : undefined })
        .items.filter((o) => !o.metadata?.deletionTimestamp)
        .map((o) => o.metadata!.name!);
      if (names.length === expected) return pass;
      return fail(`expected ${expected} ${info.name}${info.namespaced ? ' in namespace "default"' : ''}, but there are ${names.length}${names.length ? `: ${names.join(', ')}` : ''}`);
    };
  }

  checkStoreKey(key: string, exists: boolean): Check {
    return () => {
      const found = this.cluster.store.range(key).kvs.length > 0;
      if (found === exists) return pass;
      const near = this.cluster.store
        .range(key.split('/').slice(0, 3).join('/') + '/', { prefix: true, limit: 5 })
        .kvs.map((kv) => kv.key);
      return fail(`expected the key ${key} ${exists ? 'to exist' : 'not to exist'} in the store, but it ${found ? 'does' : 'does not'}${near.length ? `; keys nearby: ${near.join(', ')}` : ''}`);
    };
  }

  checkEvent(reason: string, kindText: string, refText: string, message: string | undefined, present: boolean): Check {
    const { info, ref } = this.target(kindText, refText);
    return () => {
      const events = this.eventsFor(info, ref);
      const hit = events.some((e) => e.reason === reason && (message === undefined || wildcardMatch(message, e.message ?? '')));
      if (hit === present) return pass;
      const what = `an event "${reason}"${message !== undefined ? ` with message "${message}"` : ''} for ${info.kind.toLowerCase()} "${formatRef(ref)}"`;
      return fail(`expected ${present ? '' : 'no '}${what}; events are:\n${formatEvents(events)}`);
    };
  }

  checkEventsInclude(kindText: string, refText: string, rows: EventRow[]): Check {
    const { info, ref } = this.target(kindText, refText);
    for (const r of rows) {
      for (const k of Object.keys(r)) if (!['type', 'reason', 'message'].includes(k)) throw this.userError(`unknown column "${k}" in the events table: use type, reason and message`);
    }
    return () => {
      const events = this.eventsFor(info, ref);
      const missing = rows.filter(
        (r) =>
          !events.some(
            (e) =>
              (r.type === undefined || r.type === e.type) &&
              (r.reason === undefined || r.reason === e.reason) &&
              (r.message === undefined || wildcardMatch(r.message, e.message ?? '')),
          ),
      );
      if (!missing.length) return pass;
      return fail(`missing events for ${info.kind.toLowerCase()} "${formatRef(ref)}":\n${formatEvents(missing)}\nevents are:\n${formatEvents(events)}`);
    };
  }

  checkPodOrder(kindText: string, refText: string, expected: string, verb: 'create' | 'delete'): Check {
    const { info, ref } = this.target(kindText, refText);
    const want = expected.split(',').map((s) => s.trim()).filter(Boolean);
    return () => {
      const got = podsOf(this.cluster.log.entries, `${info.kind}/${ref.name}`, this.ns(info, ref) ?? '', verb);
      // Names compare exactly, `*` matching any run of characters (generated suffixes).
      if (got.length === want.length && want.every((w, i) => wildcardMatch(w, got[i]))) return pass;
      return fail(`expected the pods of ${info.kind.toLowerCase()} "${formatRef(ref)}" to have been ${verb}d in the order\n  ${want.join(', ')}\nbut they were ${verb}d in the order\n  ${got.join(', ') || '(none)'}`);
    };
  }

  checkNode(name: string, word: string): Check {
    return () => {
      const node = this.find(this.info('nodes'), { name });
      if (!node) return fail(`node "${name}" does not exist`);
      const spec = (node.spec ?? {}) as { unschedulable?: boolean };
      if (word === 'SchedulingDisabled') return spec.unschedulable ? pass : fail(`node "${name}" is schedulable`);
      const ready = ((node.status as { conditions?: { type: string; status: string; reason?: string }[] })?.conditions ?? []).find((c) => c.type === 'Ready');
      const state = ready?.status === 'True' ? 'Ready' : ready?.status === 'False' ? 'NotReady' : 'Unknown';
      if (!['Ready', 'NotReady', 'Unknown'].includes(word)) throw this.userError(`node state "${word}" is not one of Ready, NotReady, Unknown, SchedulingDisabled`);
      return state === word ? pass : fail(`node "${name}" is ${state}${ready?.reason ? ` (${ready.reason})` : ''}, not ${word}`);
    };
  }

  checkTaint(name: string, taintText: string, present: boolean): Check {
    const want = parseTaint(taintText, (m) => this.userError(m));
    return () => {
      const node = this.find(this.info('nodes'), { name });
      if (!node) return fail(`node "${name}" does not exist`);
      const taints = ((node.spec as { taints?: { key: string; value?: string; effect: string }[] })?.taints ?? []);
      const has = taints.some((t) => t.key === want.key && t.effect === want.effect && (want.value === undefined || (t.value ?? '') === want.value));
      if (has === present) return pass;
      const list = taints.map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`).join(', ') || '(none)';
      return fail(`expected node "${name}" ${present ? 'to have' : 'not to have'} taint ${taintText}; its taints are ${list}`);
    };
  }

  // ---- pod and workload assertions ------------------------------------------------------------

  /** `pod {ref} is {word}`: kubectl's STATUS column (printPod), or `Ready` / `NotReady` (the Ready condition). */
  checkPod(refText: string, word: string): Check {
    const { info, ref } = this.target('pods', refText);
    return () => {
      const pod = this.find(info, ref) as Pod | undefined;
      if (!pod) return fail(`expected pod "${formatRef(ref)}" to be ${word}, but it does not exist`);
      const status = podStatusColumn(pod);
      const ok = word === 'Ready' ? isPodReady(pod) : word === 'NotReady' ? !isPodReady(pod) : status === word;
      if (ok) return pass;
      const is = word === 'Ready' || word === 'NotReady' ? (isPodReady(pod) ? 'Ready' : 'NotReady') : status;
      return fail(`expected pod "${formatRef(ref)}" to be ${word}, but it is ${is}\n${describePod(pod)}`);
    };
  }

  /** `pod {ref} is running on node {string}` (`onNode`) / `... on a node other than {string}`: phase Running, not being deleted. */
  checkPodRunningOn(refText: string, node: string, onNode: boolean): Check {
    const { info, ref } = this.target('pods', refText);
    const where = onNode ? `on node "${node}"` : `on a node other than "${node}"`;
    return () => {
      const pod = this.find(info, ref) as Pod | undefined;
      if (!pod) return fail(`expected pod "${formatRef(ref)}" to be running ${where}, but it does not exist`);
      const nodeName = pod.spec?.nodeName ?? '';
      // Names compare as every assertion text does: exact, `*` matching any run (STEPS.md).
      const placed = onNode ? wildcardMatch(node, nodeName) : nodeName !== '' && !wildcardMatch(node, nodeName);
      if (isRunning(pod) && placed) return pass;
      const is = isRunning(pod) ? `running on node "${nodeName}"` : `${podStatusColumn(pod)}${nodeName ? ` on node "${nodeName}"` : ' and not bound to a node'}`;
      return fail(`expected pod "${formatRef(ref)}" to be running ${where}, but it is ${is}\n${describePod(pod)}`);
    };
  }

  /** `{kind} {ref} has {int} ready replica(s)`: status.readyReplicas (a DaemonSet's status.numberReady). */
  checkReadyReplicas(kindText: string, refText: string, want: number): Check {
    const { info, ref } = this.target(kindText, refText);
    const field = readyReplicasField(info.kind);
    if (!field) {
      throw this.userError(`${info.kind} has no replicas: "has N ready replicas" applies to deployment, statefulset, replicaset, replicationcontroller and daemonset`);
    }
    return () => {
      const obj = this.find(info, ref);
      const what = `${info.kind.toLowerCase()} "${formatRef(ref)}"`;
      if (!obj) return fail(`expected ${what} to have ${want} ready replica(s), but it does not exist`);
      const status = (obj.status ?? {}) as Record<string, unknown>;
      const got = Number(status[field] ?? 0);
      if (got === want) return pass;
      const counts = Object.entries(status)
        .filter(([k, v]) => typeof v === 'number' && k !== 'observedGeneration' && k !== 'collisionCount')
        .map(([k, v]) => `${k} ${v}`);
      return fail(`expected ${what} to have ${want} ready replica(s), but it has ${got} (status: ${counts.join(', ') || 'empty'})`);
    };
  }

  /** `{kind} {ref} has {int} running pod(s)`: pods it controls (through its ReplicaSets for a Deployment), Running and not being deleted. */
  checkRunningPods(kindText: string, refText: string, want: number): Check {
    const { info, ref } = this.target(kindText, refText);
    const list = (resource: string, namespace: string | undefined) => this.cluster.apiserver.list(resource, { namespace }).items;
    return () => {
      const owner = this.find(info, ref);
      const what = `${info.kind.toLowerCase()} "${formatRef(ref)}"`;
      if (!owner) return fail(`expected ${what} to have ${want} running pod(s), but it does not exist`);
      const pods = podsOwnedBy(info.kind, owner, list);
      const got = pods.filter(isRunning).length;
      if (got === want) return pass;
      const all = pods.map((p) => `  ${podLine(p)}`).join('\n') || '  (none)';
      return fail(`expected ${what} to have ${want} running pod(s), but it has ${got}; its pods:\n${all}`);
    };
  }

  // ---- report --------------------------------------------------------------------------------

  stateYaml(): string {
    return this.clusterRef ? stateYaml(this.clusterRef) : '';
  }

  timeline(): string {
    return this.clusterRef ? timeline(this.clusterRef) : '';
  }

  failureDiff(): string | undefined {
    return this.lastFailure;
  }

  schedulerScores(): string | undefined {
    return this.clusterRef ? schedulerScoresText(this.clusterRef.scheduler.records) : undefined;
  }

  eventLog(): string {
    return this.clusterRef ? this.clusterRef.log.serialize() : '';
  }

  // ---- helpers -------------------------------------------------------------------------------

  get client(): Client {
    return this.cluster.client();
  }

  /** Resolves a kubectl resource name (`deploy`, `sts`, `pods`, a CRD's names). */
  info(kindText: string): ResourceInfo {
    const info = this.cluster.registry.resolve(kindText);
    if (!info) throw this.userError(`unknown kind "${kindText}": use a kubectl resource name such as pod, deployment, statefulset, service, configmap, node (or a kind from an applied CRD)`);
    return info;
  }

  ref(text: string): Ref {
    try {
      return parseRef(text);
    } catch (e) {
      throw this.userError((e as Error).message);
    }
  }

  private target(kindText: string, refText: string): { info: ResourceInfo; ref: Ref } {
    const info = this.info(kindText);
    const ref = this.ref(refText);
    if (!info.namespaced && ref.namespace) throw this.userError(`${info.kind} is cluster-scoped: write "${ref.name}" without a namespace`);
    return { info, ref };
  }

  private ns(info: ResourceInfo, ref: Ref): string | undefined {
    return info.namespaced ? ref.namespace ?? 'default' : undefined;
  }

  private find(info: ResourceInfo, ref: Ref): KubeObject | undefined {
    try {
      return this.cluster.apiserver.get(info.name, this.ns(info, ref), ref.name);
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  private eventsFor(info: ResourceInfo, ref: Ref): EventRow[] {
    const ns = this.ns(info, ref) ?? 'default';
    return this.cluster.apiserver
      .list('events', { namespace: ns })
      .items.map((e) => e as unknown as { involvedObject?: { kind?: string; name?: string }; type?: string; reason?: string; message?: string })
      .filter((e) => e.involvedObject?.kind === info.kind && e.involvedObject?.name === ref.name)
      .map((e) => ({ type: e.type, reason: e.reason, message: e.message }));
  }

  private waitAvailable(applied: { info: ResourceInfo; object: KubeObject }[]): void {
    const pending = applied.filter((a) => isWorkload(a.info.kind));
    if (!pending.length) return;
    const unavailable = () => pending.filter((a) => !available(this.find(a.info, { namespace: a.object.metadata?.namespace, name: a.object.metadata!.name! }), a.info.kind));
    if (!this.cluster.loop.until(() => unavailable().length === 0, this.eventuallyMs)) {
      const names = unavailable().map((a) => `${a.info.kind} "${a.object.metadata?.name}"`);
      throw this.userError(`${names.join(', ')} did not become available within ${this.eventuallyMs / 60000} minutes of virtual time`);
    }
  }

  private docsFromText(text: string): ManifestDoc[] {
    return docStringManifest(text, this.pos);
  }

  private docsFromPath(p: string): ManifestDoc[] {
    const base = this.pos?.uri ? path.dirname(path.resolve(this.pos.uri)) : process.cwd();
    return readManifestPath(path.resolve(base, p), process.cwd(), at(this.pos));
  }

  private duration(text: string): number {
    try {
      return parseDuration(text);
    } catch (e) {
      throw this.userError((e as Error).message);
    }
  }

  /** Runs an API call for the user; a rejection becomes a UserError naming the step. */
  private call<T>(fn: () => T, where?: string): T {
    try {
      return fn();
    } catch (e) {
      if (!isStatusError(e)) throw e;
      const msg = `the API server answered ${e.code} ${e.reason}: ${e.message}`;
      throw where ? new UserError(`${where}: ${msg}`) : this.userError(msg);
    }
  }

  private userError(message: string, placed = false): UserError {
    return new UserError(placed || !this.pos ? message : `${at(this.pos)}: ${message}`);
  }

  private assertion(message: string): Error {
    const e = this.userError(message);
    this.lastFailure = message;
    return e;
  }
}

function formatEvents(rows: EventRow[]): string {
  if (!rows.length) return '  (none)';
  return rows.map((e) => `  ${e.type ?? '*'} ${e.reason ?? '*'}: ${e.message ?? '*'}`).join('\n');
}

/** The container of the pod and workload shortcuts: `app`, nginx:1.25, requests 100m CPU and 128Mi. */
function workloadContainer(): { name: string; image: string; resources: { requests: Record<string, string> } } {
  return { name: 'app', image: 'nginx:1.25', resources: { requests: { cpu: '100m', memory: '128Mi' } } };
}

type PodSpecLike = { containers?: { name: string }[] };

function podSpecOf(obj: KubeObject): PodSpecLike | undefined {
  const spec = obj.spec as Record<string, unknown> | undefined;
  if (!spec) return undefined;
  if (obj.kind === 'Pod') return spec as PodSpecLike;
  if (obj.kind === 'CronJob') return ((spec.jobTemplate as { spec?: { template?: { spec?: PodSpecLike } } })?.spec?.template?.spec);
  return (spec.template as { spec?: PodSpecLike } | undefined)?.spec;
}

function templatePatch(obj: KubeObject, podSpec: unknown): unknown {
  if (obj.kind === 'CronJob') return { spec: { jobTemplate: { spec: { template: { spec: podSpec } } } } };
  return { spec: { template: { spec: podSpec } } };
}

const WORKLOADS = new Set(['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']);

function isWorkload(kind: string): boolean {
  return WORKLOADS.has(kind);
}

/** Available as `Given the manifest:` means it: pods Running and Ready; workloads with every replica ready. */
export function available(obj: KubeObject | undefined, kind: string): boolean {
  if (!obj) return false;
  const status = (obj.status ?? {}) as Record<string, unknown>;
  const spec = (obj.spec ?? {}) as Record<string, unknown>;
  switch (kind) {
    case 'Pod': {
      const ready = ((status.conditions as { type: string; status: string }[] | undefined) ?? []).find((c) => c.type === 'Ready');
      return status.phase === 'Running' && ready?.status === 'True';
    }
    case 'DaemonSet':
      return (
        (obj.metadata?.generation ?? 0) <= Number(status.observedGeneration ?? 0) &&
        Number(status.numberReady ?? 0) >= Number(status.desiredNumberScheduled ?? Infinity)
      );
    default: {
      const want = Number(spec.replicas ?? 1);
      const generationSeen = (obj.metadata?.generation ?? 0) <= Number(status.observedGeneration ?? 0);
      const ready = Number((kind === 'Deployment' ? status.availableReplicas : status.readyReplicas) ?? 0);
      return generationSeen && ready >= want;
    }
  }
}


export type { CheckResult };
