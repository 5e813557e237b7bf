// Cluster start-up time (ARCHITECTURE.md budget: a 3-node cluster in under 5 ms once modules are loaded).
// A benchmark, not a timed test: it measures and reports; bench/RESULTS.md records the numbers.
import { Cluster } from '../src/cluster/cluster';
import type { BenchResult } from './types';

function startTimes(nodes: number, runs: number): number[] {
  const specs = Array.from({ length: nodes }, (_, i) => ({ name: `node-${i + 1}` }));
  for (let i = 0; i < 20; i++) Cluster.start({ nodes: specs }).stop(); // warm-up: JIT, module init
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const c = Cluster.start({ seed: i + 1, nodes: specs });
    out.push(performance.now() - t0);
    c.stop();
  }
  return out.sort((a, b) => a - b);
}

const median = (xs: number[]) => xs[Math.floor(xs.length / 2)];
const p95 = (xs: number[]) => xs[Math.floor(xs.length * 0.95)];

export async function benchCluster(): Promise<BenchResult[]> {
  const three = startTimes(3, 300);
  const hundred = startTimes(100, 30);
  return [
    { name: 'cluster: start, 3 nodes (median)', value: round(median(three)), unit: 'ms', detail: '300 starts after 20 warm-up starts; store, API server, bootstrap objects, garbage collector, 3 Node objects, settled' },
    { name: 'cluster: start, 3 nodes (p95)', value: round(p95(three)), unit: 'ms' },
    { name: 'cluster: start, 100 nodes (median)', value: round(median(hundred)), unit: 'ms', detail: '30 starts' },
  ];
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

if (require.main === module) {
  void benchCluster().then((rs) => {
    for (const r of rs) console.log(`${r.name}: ${r.value} ${r.unit}${r.detail ? `  (${r.detail})` : ''}`);
  });
}
