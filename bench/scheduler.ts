// Scheduler throughput and the node-failure timeline (ARCHITECTURE.md budgets: >= 5,000 pods/s on
// 1,000 nodes with the default profile; the 3-node failure timeline, >= 6 virtual minutes, under
// 50 ms). A benchmark, not a timed test: it measures and reports; bench/RESULTS.md records the numbers.
//
// Throughput is measured as upstream's scheduler_perf does it: Node objects without kubelets (so
// only scheduling is timed), pods created through the API server, the clock stopped when every pod
// is bound.
import { ResourceRegistry } from '../src/api/resources';
import { AdmissionChain } from '../src/apiserver/admission';
import { defaultTolerationSeconds } from '../src/apiserver/admission/default_toleration_seconds';
import { priority } from '../src/apiserver/admission/priority';
import { ApiServer } from '../src/apiserver/apiserver';
import { Cluster, DEFAULT_EPOCH_MS } from '../src/cluster/cluster';
import type { KubeObject } from '../src/api/object';
import { nodeObject } from '../src/kubelet/node_object';
import { Scheduler } from '../src/scheduler/scheduler';
import { EventLog } from '../src/sim/eventlog';
import { Loop } from '../src/sim/loop';
import { Rng } from '../src/sim/rng';
import { Store } from '../src/store';
import type { BenchResult } from './types';

/** An API server with the default admission plugins, `nodes` Node objects (no kubelets) in 3 zones. */
function benchServer(nodes: number) {
  const loop = new Loop();
  const rng = new Rng(1);
  const store = new Store<KubeObject>({ schedule: (fn) => loop.post(fn, { label: 'store watch sync' }) });
  const apiserver = new ApiServer({
    loop,
    rng,
    log: new EventLog(loop),
    store,
    registry: ResourceRegistry.builtin(),
    admission: new AdmissionChain().use(defaultTolerationSeconds).use(priority),
    epochMs: DEFAULT_EPOCH_MS,
  });
  const admin = apiserver.client('bench');
  admin.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
  for (let i = 0; i < nodes; i++) {
    admin.create('nodes', nodeObject({ name: `node-${i + 1}`, zone: `zone-${i % 3}` }, i, apiserver.timestamp()));
  }
  const createPods = (pods: number) => {
    for (let i = 0; i < pods; i++) {
      admin.create('pods', {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `pod-${i}`, namespace: 'default', labels: { app: 'bench' } },
        spec: { containers: [{ name: 'app', image: 'nginx:1.25', resources: { requests: { cpu: '100m', memory: '128Mi' } } }] },
      });
    }
  };
  const scheduler = new Scheduler({ client: apiserver.client('kube-scheduler'), loop, rng, epochMs: DEFAULT_EPOCH_MS });
  const bound = () => apiserver.list('pods', { fieldSelector: 'spec.nodeName!=' }).items.length;
  return { loop, scheduler, createPods, bound };
}

export interface Throughput {
  podsPerSec: number;
  ms: number;
  bound: number;
}

/**
 * End to end: the scheduler runs while the pods are created through the API server, and the clock
 * includes creating them (admission, validation, the store) — everything a user's `kubectl apply` of
 * that many pods costs in one process.
 */
export function schedulingThroughput(nodes: number, pods: number): Throughput {
  const b = benchServer(nodes);
  b.scheduler.start();
  b.loop.settle();
  const t0 = performance.now();
  b.createPods(pods);
  b.loop.settle();
  const ms = performance.now() - t0;
  const bound = b.bound();
  b.scheduler.stop();
  return { podsPerSec: (bound / ms) * 1000, ms, bound };
}

/**
 * Scheduling only, as upstream's scheduler_perf SchedulingThroughput counts it: the pods exist
 * already (created by the harness), and the clock runs from the scheduler's start until every pod is
 * bound — scheduling and binding cycles, the Binding and Scheduled-event writes, and the informer
 * and cache work they cause.
 */
export function schedulingOnlyThroughput(nodes: number, pods: number): Throughput {
  const b = benchServer(nodes);
  b.createPods(pods);
  b.loop.settle();
  const t0 = performance.now();
  b.scheduler.start();
  b.loop.settle();
  const ms = performance.now() - t0;
  const bound = b.bound();
  b.scheduler.stop();
  return { podsPerSec: (bound / ms) * 1000, ms, bound };
}

/** The best of `runs` (the machine is shared: the fastest run is the least disturbed one). */
function best(runs: number, measure: () => Throughput): Throughput {
  let top: Throughput | undefined;
  for (let i = 0; i < runs; i++) {
    // Each run starts from a collected heap (when node runs with --expose-gc, as `npm run bench`
    // does): otherwise a run pays, or escapes, the major collection of the previous run's garbage,
    // and the runs differ by up to 40%.
    (globalThis as { gc?: () => void }).gc?.();
    const r = measure();
    if (!top || r.podsPerSec > top.podsPerSec) top = r;
  }
  return top!;
}

/** The ARCHITECTURE.md scenario: a pod on a 3-node cluster whose node fails, through eviction (>= 6 virtual minutes). */
function failureTimeline(): { wallMs: number; virtualMs: number } {
  const t0 = performance.now();
  const c = Cluster.start({ seed: 1, nodes: [{ name: 'node-1' }, { name: 'node-2' }, { name: 'node-3' }] });
  const admin = c.client();
  admin.create('pods', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default' },
    spec: { nodeName: 'node-2', containers: [{ name: 'app', image: 'nginx:1.25' }] },
  });
  c.loop.settle();
  const start = c.loop.now;
  c.failNode('node-2');
  c.loop.advance(7 * 60_000);
  c.deleteNode('node-2');
  c.loop.advance(60_000);
  const virtualMs = c.loop.now - start;
  c.stop();
  return { wallMs: performance.now() - t0, virtualMs };
}

export async function benchScheduler(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  schedulingThroughput(100, 500); // warm-up
  schedulingOnlyThroughput(100, 500);
  for (const [nodes, pods] of [
    [100, 3000],
    [1000, 5000],
    [5000, 5000],
  ] as const) {
    const label = nodes.toLocaleString('en-US');
    const e2e = best(3, () => schedulingThroughput(nodes, pods));
    out.push({
      name: `scheduler: pods/s end to end, ${label} nodes`,
      value: Math.round(e2e.podsPerSec),
      unit: 'pods/s',
      detail: `${pods} pods (100m/128Mi) created through the API server while the default profile binds them: ${Math.round(e2e.ms)} ms wall (${e2e.bound} bound); nodes without kubelets, 3 zones; best of 3`,
    });
    const only = best(3, () => schedulingOnlyThroughput(nodes, pods));
    out.push({
      name: `scheduler: pods/s scheduling only, ${label} nodes`,
      value: Math.round(only.podsPerSec),
      unit: 'pods/s',
      detail: `the same ${pods} pods created first; scheduler start to the last binding: ${Math.round(only.ms)} ms wall (${only.bound} bound); best of 3`,
    });
  }
  for (let i = 0; i < 5; i++) failureTimeline(); // warm-up
  const runs = Array.from({ length: 15 }, () => failureTimeline()).sort((a, b) => a.wallMs - b.wallMs);
  const med = runs[Math.floor(runs.length / 2)];
  out.push({
    name: 'node failure timeline, 3 nodes (median wall)',
    value: Math.round(med.wallMs * 100) / 100,
    unit: 'ms',
    detail: `cluster start, a pod on node-2, node-2 fails, ${med.virtualMs / 60000} virtual minutes (Unknown, taints, eviction at 300s, node deleted, PodGC) = ${Math.round(med.virtualMs / med.wallMs).toLocaleString('en-US')}× real time; 15 runs after 5 warm-ups`,
  });
  return out;
}

if (require.main === module) {
  void benchScheduler().then((rs) => {
    for (const r of rs) console.log(`${r.name}: ${r.value} ${r.unit}${r.detail ? `  (${r.detail})` : ''}`);
  });
}
