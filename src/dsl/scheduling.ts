import type { Pod } from 'kubernetes-types/core/v1';
import { wildcardMatch } from '../api/match';
import type { CycleRecord, SchedulingRecords } from '../scheduler/records';
import { clock, fail, pass, type CheckResult } from './assertions';

/** A row of `the scheduler scores for pod ... are:` (plugin `total` = the weighted sum). */
export interface ScoreRow {
  node: string;
  plugin: string;
  score: string;
}

/** `pod P is unschedulable with message M`: the PodScheduled condition is False/Unschedulable with exactly M (`*` wildcards). */
export function checkUnschedulable(pod: Pod | undefined, name: string, message: string): CheckResult {
  if (!pod) return fail(`expected pod "${name}" to be unschedulable, but it does not exist`);
  const cond = (pod.status?.conditions ?? []).find((c) => c.type === 'PodScheduled');
  if (cond?.status === 'False' && cond.reason === 'Unschedulable' && wildcardMatch(message, cond.message ?? '')) return pass;
  if (pod.spec?.nodeName) return fail(`expected pod "${name}" to be unschedulable, but it was scheduled on node "${pod.spec.nodeName}"`);
  if (!cond) return fail(`expected pod "${name}" to be unschedulable with message\n  ${message}\nbut it has no PodScheduled condition yet`);
  return fail(
    `expected pod "${name}" to be unschedulable with message\n  ${message}\nbut its PodScheduled condition is ${cond.status}` +
      `${cond.reason ? ` (${cond.reason})` : ''} with message\n  ${cond.message ?? ''}`,
  );
}

const ASSIGNED = /^Successfully assigned (\S+)\/(\S+) to (\S+)$/;

/** `pod P was scheduled on node N`: a `Scheduled` event of the scheduler assigned it there (fact 77). */
export function checkScheduledOn(events: { reason?: string; message?: string }[], name: string, node: string): CheckResult {
  const placed = events.filter((e) => e.reason === 'Scheduled').map((e) => ASSIGNED.exec(e.message ?? '')?.[3] ?? '');
  if (placed.some((n) => wildcardMatch(node, n))) return pass;
  if (!placed.length) return fail(`expected pod "${name}" to have been scheduled on node "${node}", but the scheduler never placed it`);
  return fail(`expected pod "${name}" to have been scheduled on node "${node}", but it was scheduled on ${placed.map((n) => `"${n}"`).join(', then ')}`);
}

/**
 * `the scheduler scores for pod P are:` — each row's normalized plugin score (before weights), or
 * the weighted `total`, in the cycle that placed the pod. Rows not listed are not checked.
 */
export function checkScores(records: SchedulingRecords, namespace: string, name: string, rows: ScoreRow[]): CheckResult {
  const cycle = records.forPod(namespace, name);
  const who = `pod "${namespace === 'default' ? name : `${namespace}/${name}`}"`;
  if (!cycle) return fail(`the scheduler has not placed ${who}`);
  if (!cycle.scored) {
    return fail(`the scheduler placed ${who} on "${cycle.selectedNode}" without scoring: only one node passed the filters (fact 58)`);
  }
  const wrong: string[] = [];
  for (const row of rows) {
    const scored = cycle.nodes.includes(row.node);
    const got = cycle.scoreOf(row.node, row.plugin);
    if (got === undefined || String(got) !== row.score.trim()) {
      const plugins = cycle.plugins.map((p) => p.name).join(', ');
      const have = scored ? `${got ?? `no score (plugins: ${plugins}, total)`}` : 'not scored (it did not pass the filters)';
      wrong.push(`  ${row.node} ${row.plugin}: expected ${row.score.trim()}, got ${have}`);
    }
  }
  if (!wrong.length) return pass;
  return fail(`the scheduler scores for ${who} differ:\n${wrong.join('\n')}\nall scores of that cycle:\n${formatCycle(cycle)}`);
}

/** The cycle's scores as a table (node, plugin, score), nodes in name order. */
export function formatCycle(cycle: CycleRecord): string {
  return cycle
    .rows()
    .map((r) => `  | ${r.node} | ${r.plugin} | ${r.score} |`)
    .join('\n');
}

/**
 * The report's view of the scheduler: every kept cycle in the order it ran — the pod, its profile,
 * the outcome (node chosen, or the FitError) and, when the cycle scored, a table of each score
 * plugin's normalized score with its weight and each node's weighted total. Undefined when the
 * scheduler ran no cycle.
 */
export function schedulerScoresText(records: SchedulingRecords): string | undefined {
  const cycles = records.all();
  if (!cycles.length) return undefined;
  return cycles.map(describeCycle).join('\n\n') + '\n';
}

function describeCycle(c: CycleRecord): string {
  const pod = `${c.namespace}/${c.name}`;
  const head = `${clock(c.atMs)}  cycle ${c.cycle}  pod ${pod}  (${c.profile})`;
  const nodes = `${c.feasibleNodes}/${c.numAllNodes} nodes feasible, ${c.evaluatedNodes} evaluated`;
  if (c.selectedNode === undefined) return `${head}\n  unschedulable: ${c.failure ?? 'no node'}`;
  const bound = c.bound === false ? ` — binding failed: ${c.bindError ?? ''}` : '';
  if (!c.scored) return `${head}\n  → ${c.selectedNode} (${nodes}; the only feasible node, not scored)${bound}`;
  const columns = [...c.plugins.map((p) => `${p.name} ×${p.weight}`), 'total'];
  const order = c.nodes.map((n, i) => [n, i] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const body = order.map(([n, i]) => [n, ...c.plugins.map((_, k) => String(c.scores[k][i])), String(c.totals[i])]);
  const table = [['node', ...columns], ...body];
  const widths = table[0].map((_, col) => Math.max(...table.map((row) => row[col].length)));
  const lines = table.map((row) => `  | ${row.map((cell, col) => cell.padEnd(widths[col])).join(' | ')} |`);
  return `${head}\n  → ${c.selectedNode} (${nodes})${bound}\n${lines.join('\n')}`;
}
