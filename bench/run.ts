// Runs every benchmark and prints a Markdown table to paste into bench/RESULTS.md.
// `npm run bench` (= node --require ts-node/register bench/run.ts)
import os from 'node:os';
import { benchCluster } from './cluster';
import { benchScheduler } from './scheduler';
import { benchStore } from './store';
import { benchWorkloads } from './workloads';
import type { BenchResult } from './types';

async function main(): Promise<void> {
  const results: BenchResult[] = [...(await benchStore()), ...(await benchCluster()), ...(await benchScheduler()), ...(await benchWorkloads())];
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(`Machine: ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}\n`);
  console.log('| benchmark | result | workload |');
  console.log('|---|---|---|');
  for (const r of results) console.log(`| ${r.name} | ${fmt(r.value)} ${r.unit} | ${r.detail ?? ''} |`);
}

function fmt(v: number): string {
  return v >= 1000 ? Math.round(v).toLocaleString('en-US') : String(v);
}

void main();
