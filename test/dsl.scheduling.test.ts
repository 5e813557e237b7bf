import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1';
import { checkScheduledOn, checkScores, checkUnschedulable, schedulerScoresText } from '../src/dsl/scheduling';
import { CycleRecord, SchedulingRecords } from '../src/scheduler/records';

/** A cycle that scored two nodes with two plugins (weights 3 and 1). */
function scoredCycle(name = 'web', cycle = 1, atMs = 1000): CycleRecord {
  const c = new CycleRecord('default', name, 'uid-1', 'default-scheduler', cycle, atMs);
  c.plugins.push({ name: 'TaintToleration', weight: 3 }, { name: 'NodeResourcesFit', weight: 1 });
  c.nodes = ['node-2', 'node-1'];
  c.scores = [[100, 100], [50, 37]];
  c.totals = [350, 337];
  c.numAllNodes = 3;
  c.evaluatedNodes = 3;
  c.feasibleNodes = 2;
  c.selectedNode = 'node-2';
  c.bound = true;
  return c;
}

function records(...cycles: CycleRecord[]): SchedulingRecords {
  const r = new SchedulingRecords();
  for (const c of cycles) r.add(c);
  return r;
}

test('checkScores: listed rows are compared, unlisted ones are not; total is the weighted sum', async (t) => {
  const cases: { name: string; rows: [string, string, string][]; ok: boolean; says?: RegExp }[] = [
    { name: 'matching plugin scores', rows: [['node-1', 'NodeResourcesFit', '37'], ['node-2', 'TaintToleration', '100']], ok: true },
    { name: 'matching totals', rows: [['node-1', 'total', '337'], ['node-2', 'total', '350']], ok: true },
    { name: 'a wrong score names the row and shows the cycle', rows: [['node-1', 'NodeResourcesFit', '38']], ok: false, says: /node-1 NodeResourcesFit: expected 38, got 37\n[\s\S]*\| node-1 \| total \| 337 \|/ },
    { name: 'a plugin that did not score', rows: [['node-1', 'ImageLocality', '0']], ok: false, says: /got no score \(plugins: TaintToleration, NodeResourcesFit, total\)/ },
    { name: 'a node that was not scored', rows: [['node-3', 'total', '0']], ok: false, says: /not scored \(it did not pass the filters\)/ },
  ];
  for (const c of cases) {
    await t.test(c.name, () => {
      const r = checkScores(records(scoredCycle()), 'default', 'web', c.rows.map(([node, plugin, score]) => ({ node, plugin, score })));
      assert.equal(r.ok, c.ok, JSON.stringify(r));
      if (!r.ok && c.says) assert.match(r.message, c.says);
    });
  }
});

test('checkScores: a pod not placed, or placed without scoring (fact 58)', () => {
  assert.deepEqual(checkScores(records(), 'default', 'web', []), { ok: false, message: 'the scheduler has not placed pod "web"' });
  const single = new CycleRecord('default', 'web', 'u', 'default-scheduler', 1, 0);
  single.selectedNode = 'node-1';
  const r = checkScores(records(single), 'default', 'web', []);
  assert.equal(r.ok, false);
  assert.match((r as { message: string }).message, /placed pod "web" on "node-1" without scoring: only one node passed the filters/);
});

test('checkScheduledOn: the Scheduled events, node names matched with *', async (t) => {
  const events = [
    { reason: 'Scheduled', message: 'Successfully assigned default/web to node-2' },
    { reason: 'Pulled', message: 'Successfully assigned default/web to node-9' },
  ];
  const cases: { node: string; ok: boolean; says?: RegExp }[] = [
    { node: 'node-2', ok: true },
    { node: 'node-*', ok: true },
    { node: 'node-9', ok: false, says: /but it was scheduled on "node-2"/ },
    { node: 'node', ok: false },
  ];
  for (const c of cases) {
    await t.test(c.node, () => {
      const r = checkScheduledOn(events, 'web', c.node);
      assert.equal(r.ok, c.ok);
      if (!r.ok && c.says) assert.match(r.message, c.says);
    });
  }
  await t.test('never placed', () => {
    assert.deepEqual(checkScheduledOn([], 'web', 'node-1'), { ok: false, message: 'expected pod "web" to have been scheduled on node "node-1", but the scheduler never placed it' });
  });
});

test('checkUnschedulable: PodScheduled False/Unschedulable with the exact message (facts 74-76)', async (t) => {
  const msg = '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.';
  const pod = (cond?: object, nodeName?: string): Pod => ({ spec: { containers: [], ...(nodeName ? { nodeName } : {}) }, status: cond ? { conditions: [cond as never] } : {} });
  const cases: { name: string; pod: Pod | undefined; message: string; ok: boolean; says?: RegExp }[] = [
    { name: 'exact', pod: pod({ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: msg }), message: msg, ok: true },
    { name: 'wildcard', pod: pod({ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: msg }), message: '0/3 nodes are available: *', ok: true },
    { name: 'a prefix is not enough', pod: pod({ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: msg }), message: '0/3 nodes are available:', ok: false },
    { name: 'SchedulingGated is not Unschedulable', pod: pod({ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated', message: msg }), message: msg, ok: false, says: /False \(SchedulingGated\)/ },
    { name: 'bound', pod: pod({ type: 'PodScheduled', status: 'True' }, 'node-1'), message: msg, ok: false, says: /scheduled on node "node-1"/ },
    { name: 'no condition yet', pod: pod(), message: msg, ok: false, says: /no PodScheduled condition yet/ },
    { name: 'missing', pod: undefined, message: msg, ok: false, says: /does not exist/ },
  ];
  for (const c of cases) {
    await t.test(c.name, () => {
      const r = checkUnschedulable(c.pod, 'big', c.message);
      assert.equal(r.ok, c.ok);
      if (!r.ok && c.says) assert.match(r.message, c.says);
    });
  }
});

test('schedulerScoresText: every cycle in the order it ran, with outcome and score table', () => {
  assert.equal(schedulerScoresText(records()), undefined);
  const failed = new CycleRecord('default', 'big', 'u2', 'default-scheduler', 2, 500);
  failed.failure = '0/3 nodes are available: 3 Insufficient cpu.';
  const single = new CycleRecord('default', 'one', 'u3', 'bin-packing', 3, 2000);
  single.selectedNode = 'node-3';
  single.numAllNodes = 3;
  single.evaluatedNodes = 3;
  single.feasibleNodes = 1;
  const text = schedulerScoresText(records(scoredCycle('web', 1, 1000), failed, single))!;
  assert.equal(
    text,
    [
      'T+500ms  cycle 2  pod default/big  (default-scheduler)',
      '  unschedulable: 0/3 nodes are available: 3 Insufficient cpu.',
      '',
      'T+1s  cycle 1  pod default/web  (default-scheduler)',
      '  → node-2 (2/3 nodes feasible, 3 evaluated)',
      '  | node   | TaintToleration ×3 | NodeResourcesFit ×1 | total |',
      '  | node-1 | 100                | 37                  | 337   |',
      '  | node-2 | 100                | 50                  | 350   |',
      '',
      'T+2s  cycle 3  pod default/one  (bin-packing)',
      '  → node-3 (1/3 nodes feasible, 3 evaluated; the only feasible node, not scored)',
      '',
    ].join('\n'),
  );
});
