import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../src/api/object';
import { ResourceRegistry } from '../src/api/resources';
import { prepareForCreate } from '../src/apiserver/strategy';

const pods = ResourceRegistry.builtin().byName('pods')!;

const pod = (spec: object, status?: object): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web' },
  spec: { containers: [{ name: 'app', image: 'nginx' }], ...spec },
  ...(status ? { status } : {}),
});

const GATED = { type: 'PodScheduled', status: 'False', reason: 'SchedulingGated', message: 'Scheduling is blocked due to non-empty scheduling gates' };

test('pod PrepareForCreate: applySchedulingGatedCondition', async (t) => {
  const cases: { name: string; spec: object; status?: object; want: object[] | undefined }[] = [
    { name: 'no gates: no condition', spec: {}, want: undefined },
    { name: 'empty gates: no condition', spec: { schedulingGates: [] }, want: undefined },
    { name: 'one gate: PodScheduled False SchedulingGated', spec: { schedulingGates: [{ name: 'example.com/a' }] }, want: [GATED] },
    // The client-sent status is dropped first (PodStatus{Phase: Pending, QOSClass}), so a sent
    // PodScheduled condition does not survive to suppress the gated one.
    {
      name: 'a client-sent PodScheduled condition is not trusted',
      spec: { schedulingGates: [{ name: 'example.com/a' }] },
      status: { conditions: [{ type: 'PodScheduled', status: 'True' }] },
      want: [GATED],
    },
  ];
  for (const c of cases) {
    await t.test(c.name, () => {
      const obj = pod(c.spec, c.status);
      prepareForCreate(pods, obj);
      assert.deepEqual((obj.status as { conditions?: object[] }).conditions, c.want);
      assert.equal((obj.status as { phase?: string }).phase, 'Pending');
    });
  }
});
