// Two versions of the scheduler benchmark, compared under the same noise: both checkouts are loaded
// into one process and their runs alternate (A B, B A, A B, …), so a disturbed minute slows both.
// On a shared machine, where whole benchmark runs differ by 40% between minutes, this is the
// comparison to trust; bench/scheduler.ts gives the absolute numbers. Prints each version's best
// and median, and each pair's ratio B/A (below 1: B is faster).
//
//   node --expose-gc --require ts-node/register bench/scheduler_ab.ts <dirA> <dirB> [rounds=8] [nodes=1000] [e2e]
//
// <dirA> and <dirB> are checkouts with their own bench/scheduler.ts (e.g. `git worktree add
// /tmp/base <rev>` with node_modules linked in). `e2e` times schedulingThroughput (pods created
// while the scheduler runs) instead of scheduling only.
import * as path from 'node:path';

type Measure = (nodes: number, pods: number) => { ms: number };

function main(): void {
  const [dirA, dirB, roundsArg = '8', nodesArg = '1000', mode] = process.argv.slice(2);
  if (!dirA || !dirB) {
    console.error('usage: scheduler_ab.ts <dirA> <dirB> [rounds=8] [nodes=1000] [e2e]');
    process.exit(2);
  }
  const rounds = Number(roundsArg);
  const nodes = Number(nodesArg);
  if (!Number.isInteger(rounds) || rounds < 1 || !Number.isInteger(nodes) || nodes < 1 || (mode !== undefined && mode !== 'e2e')) {
    console.error(`scheduler_ab.ts: rounds and nodes must be positive integers and the mode 'e2e' or absent (got ${roundsArg}, ${nodesArg}, ${mode ?? ''})`);
    process.exit(2);
  }
  const pods = 5000;
  const fn = mode === 'e2e' ? 'schedulingThroughput' : 'schedulingOnlyThroughput';
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const measures = [dirA, dirB].map((d) => (require(path.resolve(d, 'bench/scheduler')) as Record<string, Measure>)[fn]);
  const gc = () => (globalThis as { gc?: () => void }).gc?.();
  for (const m of measures) m(100, 500); // warm-up
  const ms: number[][] = [[], []];
  for (let r = 0; r < rounds; r++) {
    for (const k of r % 2 ? [1, 0] : [0, 1]) {
      gc();
      ms[k].push(measures[k](nodes, pods).ms);
    }
  }
  const rate = (t: number) => Math.round((pods / t) * 1000).toLocaleString('en-US');
  ['A', 'B'].forEach((label, k) => {
    const s = [...ms[k]].sort((a, b) => a - b);
    const med = s[Math.floor((s.length - 1) / 2)];
    console.log(`${label} (${[dirA, dirB][k]}): best ${rate(s[0])} pods/s (${Math.round(s[0])} ms), median ${rate(med)} pods/s (${Math.round(med)} ms)`);
  });
  console.log(`pairs B/A: ${ms[0].map((a, i) => (ms[1][i] / a).toFixed(2)).join(' ')}`);
}

main();
