// Workload controllers at scale (issue 4): a 1,000-replica Deployment rolling out on 100 nodes and
// a 100-replica StatefulSet starting in order. Reports wall time and the virtual time the cluster
// needed. A benchmark, not a timed test: it measures and reports; bench/RESULTS.md records it.
import { Cluster } from '../src/cluster/cluster';
import type { KubeObject } from '../src/api/object';
import type { BenchResult } from './types';

const nodes = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `node-${i + 1}`, cpu: '64', memory: '256Gi', pods: 110 }));

function template(image: string) {
  return { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image, resources: { requests: { cpu: '100m', memory: '128Mi' } } }] } };
}

/** Runs the loop until `done` holds; returns the virtual milliseconds it took. */
function runUntil(c: Cluster, done: () => boolean, limitMs: number): number {
  const start = c.loop.now;
  if (!c.loop.until(done, limitMs)) throw new Error(`not done within ${limitMs / 1000}s of virtual time`);
  return c.loop.now - start;
}

/** The status, once the controller has observed the latest spec (undefined before). */
function status(c: Cluster, resource: string): Record<string, number> | undefined {
  const obj = c.client().get(resource, 'default', 'web') as KubeObject;
  const s = obj.status as Record<string, number> | undefined;
  return s && (s.observedGeneration ?? 0) >= (obj.metadata?.generation ?? 0) ? s : undefined;
}

function deploymentRollout(): { createWall: number; createVirtual: number; rolloutWall: number; rolloutVirtual: number } {
  const c = Cluster.start({ seed: 1, nodes: nodes(100) });
  const R = 'deployments.apps';
  let t0 = performance.now();
  c.client().create(R, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' }, spec: { replicas: 1000, selector: { matchLabels: { app: 'web' } }, template: template('nginx:1.25') } } as KubeObject);
  const createVirtual = runUntil(c, () => status(c, R)?.availableReplicas === 1000, 3_600_000);
  const createWall = performance.now() - t0;
  t0 = performance.now();
  c.client().patch(R, 'default', 'web', 'strategic', { spec: { template: { spec: { containers: [{ name: 'app', image: 'nginx:1.26' }] } } } });
  const rolloutVirtual = runUntil(c, () => {
    const s = status(c, R);
    return !!s && s.updatedReplicas === 1000 && s.replicas === 1000 && s.availableReplicas === 1000;
  }, 3_600_000);
  const rolloutWall = performance.now() - t0;
  c.stop();
  return { createWall, createVirtual, rolloutWall, rolloutVirtual };
}

function statefulSetStart(): { wall: number; virtual: number } {
  const c = Cluster.start({ seed: 1, nodes: nodes(10) });
  const R = 'statefulsets.apps';
  c.client().create('services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { clusterIP: 'None', selector: { app: 'web' }, ports: [{ port: 80 }] } } as KubeObject);
  const t0 = performance.now();
  c.client().create(R, { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web', namespace: 'default' }, spec: { replicas: 100, serviceName: 'web', selector: { matchLabels: { app: 'web' } }, template: template('nginx:1.25') } } as KubeObject);
  const virtual = runUntil(c, () => status(c, R)?.readyReplicas === 100, 3_600_000);
  const wall = performance.now() - t0;
  c.stop();
  return { wall, virtual };
}

export async function benchWorkloads(): Promise<BenchResult[]> {
  deploymentRollout(); // warm-up
  const d = [deploymentRollout(), deploymentRollout(), deploymentRollout()].sort((a, b) => a.rolloutWall - b.rolloutWall)[0];
  statefulSetStart();
  const s = [statefulSetStart(), statefulSetStart(), statefulSetStart()].sort((a, b) => a.wall - b.wall)[0];
  return [
    { name: 'deployment: 1,000 replicas available from create (wall)', value: ms(d.createWall), unit: 'ms', detail: `100 nodes, default profile; ${sec(d.createVirtual)} virtual s; best of 3` },
    { name: 'deployment: rollout of 1,000 replicas (wall)', value: ms(d.rolloutWall), unit: 'ms', detail: `new image, 25% surge / 25% unavailable, until every replica is updated and available; ${sec(d.rolloutVirtual)} virtual s; best of 3` },
    { name: 'statefulset: 100 replicas, OrderedReady start (wall)', value: ms(s.wall), unit: 'ms', detail: `10 nodes, one pod at a time until all are Ready; ${sec(s.virtual)} virtual s; best of 3` },
  ];
}

const ms = (x: number) => Math.round(x * 10) / 10;
const sec = (x: number) => Math.round(x / 100) / 10;

if (require.main === module) {
  void benchWorkloads().then((rs) => {
    for (const r of rs) console.log(`${r.name}: ${r.value} ${r.unit}${r.detail ? `  (${r.detail})` : ''}`);
  });
}
