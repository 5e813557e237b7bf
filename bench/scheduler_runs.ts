// The spread of scheduling-only throughput: `runs` runs of bench/scheduler.ts's schedulingOnlyThroughput
// in one process, each printed, then the best and the median. bench/scheduler.ts reports the best of
// 3; on a shared machine single runs vary by up to 40%, and this shows by how much.
//
//   node --expose-gc --require ts-node/register bench/scheduler_runs.ts [nodes=1000] [runs=8] [pods=5000]
import { schedulingOnlyThroughput } from './scheduler';

function main(): void {
  const [nodes = 1000, runs = 8, pods = 5000] = process.argv.slice(2).map(Number);
  schedulingOnlyThroughput(100, 500); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    // From a collected heap, as bench/scheduler.ts's best() does (with --expose-gc).
    (globalThis as { gc?: () => void }).gc?.();
    const r = schedulingOnlyThroughput(nodes, pods);
    ms.push(r.ms);
    console.log(`run ${i + 1}: ${Math.round(r.podsPerSec)} pods/s (${Math.round(r.ms)} ms, ${r.bound} bound)`);
  }
  const sorted = [...ms].sort((a, b) => a - b);
  const rate = (t: number) => Math.round((pods / t) * 1000).toLocaleString('en-US');
  console.log(`${nodes} nodes, ${pods} pods, ${runs} runs: best ${rate(sorted[0])} pods/s, median ${rate(sorted[Math.floor((runs - 1) / 2)])} pods/s`);
}

main();
