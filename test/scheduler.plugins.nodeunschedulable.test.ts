// NodeUnschedulable: upstream node_unschedulable_test.go (TestNodeUnschedulable), fact 78.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { CycleState } from '../src/scheduler/framework/cycle_state';
import { Code } from '../src/scheduler/framework/status';
import { NodeInfo } from '../src/scheduler/framework/types';
import { create, ERR_REASON_UNSCHEDULABLE, NodeUnschedulable } from '../src/scheduler/plugins/nodeunschedulable';
import { FakeHandle } from './support/fake_handle';

test('NodeUnschedulable Filter (upstream TestNodeUnschedulable)', () => {
  const cases: { name: string; pod: Pod; node: Node; wantReason?: string }[] = [
    {
      name: 'Does not schedule pod to unschedulable node (node.Spec.Unschedulable==true)',
      pod: { spec: { containers: [] } },
      node: { metadata: { name: 'n' }, spec: { unschedulable: true } },
      wantReason: ERR_REASON_UNSCHEDULABLE,
    },
    { name: 'Schedule pod to normal node', pod: { spec: { containers: [] } }, node: { metadata: { name: 'n' }, spec: { unschedulable: false } } },
    {
      name: 'Schedule pod with toleration to unschedulable node (node.Spec.Unschedulable==true)',
      pod: { spec: { containers: [], tolerations: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] } },
      node: { metadata: { name: 'n' }, spec: { unschedulable: true } },
    },
    {
      name: 'a toleration of every taint (operator Exists, no key) also tolerates the cordon',
      pod: { spec: { containers: [], tolerations: [{ operator: 'Exists' }] } },
      node: { metadata: { name: 'n' }, spec: { unschedulable: true } },
    },
    {
      name: 'a NoExecute-only toleration does not',
      pod: { spec: { containers: [], tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoExecute' }] } },
      node: { metadata: { name: 'n' }, spec: { unschedulable: true } },
      wantReason: ERR_REASON_UNSCHEDULABLE,
    },
  ];
  const p = create(undefined, new FakeHandle()) as NodeUnschedulable;
  for (const c of cases) {
    const s = p.filter(new CycleState(), c.pod, new NodeInfo(c.node));
    if (c.wantReason === undefined) assert.ok(s.isSuccess(), c.name);
    else {
      assert.equal(s.code, Code.UnschedulableAndUnresolvable, c.name);
      assert.deepEqual(s.reasons, [c.wantReason], c.name);
    }
  }
  assert.equal(ERR_REASON_UNSCHEDULABLE, 'node(s) were unschedulable');
});
