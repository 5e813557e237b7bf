import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Job } from 'kubernetes-types/batch/v1';
import type { KubeObject } from '../src/api/object';
import { Cluster } from '../src/cluster/cluster';
import { needsCleanup, ttlTimeLeft } from '../src/controllers/ttlafterfinished';

const T0 = Date.UTC(2025, 0, 1);

function job(ttl: number | undefined, finished?: { type: string; at: number }): Job {
  return {
    spec: { template: {}, ...(ttl !== undefined ? { ttlSecondsAfterFinished: ttl } : {}) },
    status: finished ? { conditions: [{ type: finished.type, status: 'True', lastTransitionTime: new Date(finished.at).toISOString() }] } : {},
  };
}

test('TTL after finished: counted from the Complete or Failed condition', () => {
  const cases: [string, Job, number, number | undefined][] = [
    ['no TTL', job(undefined, { type: 'Complete', at: T0 }), T0, undefined],
    ['not finished', job(60), T0, undefined],
    ['an interim condition is not finished', job(60, { type: 'SuccessCriteriaMet', at: T0 }), T0, undefined],
    ['complete, 60s to go', job(60, { type: 'Complete', at: T0 }), T0, 60_000],
    ['failed, 20s to go', job(60, { type: 'Failed', at: T0 }), T0 + 40_000, 20_000],
    ['expired', job(60, { type: 'Complete', at: T0 }), T0 + 61_000, -1000],
    ['TTL 0: at once', job(0, { type: 'Complete', at: T0 }), T0, 0],
  ];
  for (const [name, j, now, want] of cases) {
    assert.equal(ttlTimeLeft(j, now), want, name);
    assert.equal(needsCleanup(j), want !== undefined, name);
  }
});

test('a finished Job with ttlSecondsAfterFinished 0 is deleted at once with its pods', () => {
  const c = Cluster.start({ nodes: [{ name: 'node-1', cpu: '4', memory: '8Gi', pods: 110 } as never] });
  try {
    c.client().create('jobs.batch', {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'quick', namespace: 'default' },
      spec: {
        ttlSecondsAfterFinished: 0,
        template: { metadata: { annotations: { 'sim.kubespec.io/exit-after': '5s' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'app', image: 'busybox:1.36' }] } },
      },
    } as KubeObject);
    c.loop.advance(5000);
    assert.equal(c.client().list('jobs.batch').items.length, 1);
    c.loop.advance(30_000);
    assert.equal(c.client().list('jobs.batch').items.length, 0);
    assert.equal(c.client().list('pods', { namespace: 'default' }).items.length, 0);
  } finally {
    c.stop();
  }
});
