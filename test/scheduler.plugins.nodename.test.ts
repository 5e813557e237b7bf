// NodeName: upstream node_name_test.go (TestNodeName), fact 78.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1';
import { CycleState } from '../src/scheduler/framework/cycle_state';
import { Code } from '../src/scheduler/framework/status';
import { NodeInfo } from '../src/scheduler/framework/types';
import { create, ERR_REASON, NodeName } from '../src/scheduler/plugins/nodename';
import { FakeHandle } from './support/fake_handle';

test('NodeName Filter (upstream TestNodeName)', () => {
  const cases: { name: string; pod: Pod; node: string; fits: boolean }[] = [
    { name: 'no host specified', pod: { spec: { containers: [] } }, node: 'foo', fits: true },
    { name: 'host matches', pod: { spec: { containers: [], nodeName: 'foo' } }, node: 'foo', fits: true },
    { name: 'host doesn\'t match', pod: { spec: { containers: [], nodeName: 'bar' } }, node: 'foo', fits: false },
  ];
  const p = create(undefined, new FakeHandle()) as NodeName;
  for (const c of cases) {
    const s = p.filter(new CycleState(), c.pod, new NodeInfo({ metadata: { name: c.node } }));
    if (c.fits) assert.ok(s.isSuccess(), c.name);
    else {
      assert.equal(s.code, Code.UnschedulableAndUnresolvable, c.name);
      assert.deepEqual(s.reasons, [ERR_REASON], c.name);
    }
  }
  assert.equal(ERR_REASON, "node(s) didn't match the requested node name");
});
