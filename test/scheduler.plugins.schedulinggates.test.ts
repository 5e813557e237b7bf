// SchedulingGates: upstream scheduling_gates_test.go (TestPreEnqueue), Pending instead of upstream's UnschedulableAndUnresolvable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1';
import { ActionType } from '../src/scheduler/framework/interface';
import { Code } from '../src/scheduler/framework/status';
import { create, NAME, SchedulingGates } from '../src/scheduler/plugins/schedulinggates';
import { FakeHandle } from './support/fake_handle';

test('SchedulingGates PreEnqueue (upstream TestPreEnqueue)', () => {
  const cases: { name: string; pod: Pod; want?: string }[] = [
    { name: 'pod does not carry scheduling gates', pod: { metadata: { name: 'p' }, spec: { containers: [] } } },
    {
      name: 'pod carrying scheduling gates',
      pod: { metadata: { name: 'p' }, spec: { containers: [], schedulingGates: [{ name: 'foo' }, { name: 'bar' }] } },
      want: 'waiting for scheduling gates: [foo bar]',
    },
    { name: 'an empty gate list', pod: { metadata: { name: 'p' }, spec: { containers: [], schedulingGates: [] } } },
  ];
  const p = create(undefined, new FakeHandle()) as SchedulingGates;
  for (const c of cases) {
    const s = p.preEnqueue(c.pod);
    if (c.want === undefined) assert.ok(s.isSuccess(), c.name);
    else {
      assert.equal(s.code, Code.Pending, c.name);
      assert.deepEqual(s.reasons, [c.want], c.name);
      assert.equal(s.plugin, NAME);
    }
  }
});

test('SchedulingGates waits for the gates-eliminated pod update', () => {
  const p = create(undefined, new FakeHandle()) as SchedulingGates;
  assert.deepEqual(
    p.eventsToRegister().map((e) => [e.resource, e.actionType]),
    [['Pod', ActionType.UpdatePodSchedulingGatesEliminated]],
  );
});
