import { performance } from 'node:perf_hooks';
import { Store } from '../src/store';
import type { BenchResult } from './types';

/**
 * Store benchmarks: raw put throughput, watch fan-out, and the index at API-server scale
 * (150k keys, the pod count of Kubernetes' scalability thresholds).
 *
 * Run alone: node --require ts-node/register bench/store.ts
 */

interface Pod {
  metadata: { name: string; namespace: string; resourceVersion: string };
  spec: { nodeName: string };
}

function pod(namespace: string, name: string, rv: number): Pod {
  return Object.freeze({
    metadata: Object.freeze({ name, namespace, resourceVersion: String(rv) }),
    spec: Object.freeze({ nodeName: `node-${rv % 100}` }),
  }) as Pod;
}

/** Key i of n, spread over 10 namespaces; `scramble` makes insertion order non-sequential. */
function podKey(i: number, scramble: boolean): string {
  const j = scramble ? (i * 2654435761) % 4294967296 : i;
  return `/registry/pods/ns-${i % 10}/pod-${j.toString(36)}`;
}

function timed(fn: () => void): number {
  const start = performance.now();
  fn();
  return (performance.now() - start) / 1000;
}

/** 100k puts over 10k keys (each key updated 10 times), no watchers. */
function benchPuts(): BenchResult {
  const keys = Array.from({ length: 10_000 }, (_, i) => podKey(i, true));
  const values = keys.map((k, i) => pod(`ns-${i % 10}`, k, i));
  const run = (n: number) => {
    const store = new Store<Pod>();
    return timed(() => {
      for (let i = 0; i < n; i++) store.put(keys[i % keys.length], values[i % values.length]);
    });
  };
  run(20_000); // warm-up
  const puts = 100_000;
  const seconds = run(puts);
  return { name: 'store: puts', value: Math.round(puts / seconds), unit: 'puts/s', detail: `${puts} puts over 10k keys` };
}

/** 100 prefix watchers on /registry/pods/, 10k puts: every put reaches all 100. */
function benchWatchFanOut(): BenchResult {
  const run = (puts: number) => {
    const store = new Store<Pod>();
    let delivered = 0;
    for (let w = 0; w < 100; w++) {
      store.watch('/registry/pods/', { prefix: true, prevKv: true }, (resp) => {
        delivered += resp.events.length;
      });
    }
    const seconds = timed(() => {
      for (let i = 0; i < puts; i++) store.put(podKey(i % 1000, true), pod('ns', 'p', i));
    });
    if (delivered !== puts * 100) throw new Error(`fan-out delivered ${delivered} events, want ${puts * 100}`);
    return { delivered, seconds };
  };
  run(2_000); // warm-up
  const { delivered, seconds } = run(10_000);
  return {
    name: 'store: watch fan-out',
    value: Math.round(delivered / seconds),
    unit: 'events/s',
    detail: '100 prefix watchers (prevKv), 10k puts',
  };
}

/** Creating 150k keys in scrambled order, then listing one namespace (15k keys) of them. */
function benchScale(): BenchResult[] {
  const n = 150_000;
  const store = new Store<Pod>();
  const keys = Array.from({ length: n }, (_, i) => podKey(i, true));
  const value = pod('ns', 'p', 0);
  const insert = timed(() => {
    for (const key of keys) store.put(key, value);
  });
  let listed = 0;
  const lists = 20;
  const list = timed(() => {
    for (let i = 0; i < lists; i++) listed += store.range(`/registry/pods/ns-${i % 10}/`, { prefix: true }).kvs.length;
  });
  if (listed !== (lists * n) / 10) throw new Error(`listed ${listed} kvs, want ${(lists * n) / 10}`);
  const getOne = timed(() => {
    for (let i = 0; i < n; i++) store.get(keys[(i * 7) % n]);
  });
  return [
    { name: 'store: create 150k keys', value: Math.round(insert * 1000), unit: 'ms', detail: 'scrambled key order' },
    { name: 'store: list a namespace', value: +((list * 1000) / lists).toFixed(2), unit: 'ms', detail: '15k of 150k keys, prefix range' },
    { name: 'store: get', value: Math.round(n / getOne), unit: 'gets/s', detail: 'single keys among 150k' },
  ];
}

export async function benchStore(): Promise<BenchResult[]> {
  return [benchPuts(), benchWatchFanOut(), ...benchScale()];
}

if (require.main === module) {
  benchStore().then(
    (results) => {
      for (const r of results) console.log(`${r.name}: ${r.value.toLocaleString('en-US')} ${r.unit}${r.detail ? ` (${r.detail})` : ''}`);
    },
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
