import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ContainerStatus, Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../src/api/object';
import { podStatusColumn } from '../src/api/pod_status';
import { Cluster } from '../src/cluster/cluster';

// The pod worker through a whole cluster: restart policies (fact 131), crash back-off (133, 135)
// and termination exit codes (140, 141), observed as the API server sees them.

const S = 1000;

function cluster() {
  const c = Cluster.start({ seed: 1, nodes: [{ name: 'node-1', images: [{ name: 'redis:7', sizeBytes: 30 * 1024 * 1024 }] }] });
  const admin = c.client();
  const run = (name: string, annotations: Record<string, string>, spec: Record<string, unknown> = {}) => {
    admin.create('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'default', annotations },
      spec: { nodeName: 'node-1', containers: [{ name: 'app', image: 'redis:7' }], ...spec },
    });
    // Only what happens at once: settle() would run the containers' future exits too.
    c.loop.advance(0);
  };
  const pod = (name: string) => admin.get<KubeObject>('pods', 'default', name) as unknown as Pod;
  const status = (name: string): ContainerStatus => pod(name).status!.containerStatuses![0];
  return { c, admin, run, pod, status };
}

test('fact 131: restartPolicy decides restarts and the final phase', async (t) => {
  const cases: { policy: string; code: number; restarts: boolean; phase?: string; column?: string }[] = [
    { policy: 'Always', code: 0, restarts: true },
    { policy: 'Always', code: 3, restarts: true },
    { policy: 'OnFailure', code: 0, restarts: false, phase: 'Succeeded', column: 'Completed' },
    { policy: 'OnFailure', code: 3, restarts: true },
    { policy: 'Never', code: 0, restarts: false, phase: 'Succeeded', column: 'Completed' },
    { policy: 'Never', code: 3, restarts: false, phase: 'Failed', column: 'Error' },
  ];
  for (const k of cases) {
    await t.test(`${k.policy}, exit ${k.code}`, () => {
      const e = cluster();
      e.run('p', { 'sim.kubespec.io/exit-after': '30s', 'sim.kubespec.io/exit-code': String(k.code) }, { restartPolicy: k.policy });
      // Image present, so the container starts at once and exits 30s later.
      e.c.loop.advance(31 * S);
      const s = e.status('p');
      if (k.restarts) {
        assert.equal(s.restartCount, 1);
        assert.equal(s.lastState?.terminated?.exitCode, k.code);
        assert.equal(s.lastState?.terminated?.reason, k.code === 0 ? 'Completed' : 'Error');
        assert.equal(e.pod('p').status?.phase, 'Running');
      } else {
        assert.equal(s.restartCount, 0);
        assert.equal(s.state?.terminated?.exitCode, k.code);
        assert.equal(e.pod('p').status?.phase, k.phase);
        assert.equal(podStatusColumn(e.pod('p')), k.column);
      }
      e.c.stop();
    });
  }
});

test('facts 133, 135: a crashing container restarts at once, then after 10, 20, 40, 80, 160, 300, 300 s', () => {
  const e = cluster();
  e.run('crash', { 'sim.kubespec.io/exit-after': '1s', 'sim.kubespec.io/exit-code': '1' });
  // Record when each restart happens: the pod's restartCount as the clock moves second by second.
  const restartsAt: number[] = [];
  let seen = 0;
  const start = e.c.loop.now;
  for (let s = 0; s < 1300 && restartsAt.length < 9; s++) {
    e.c.loop.advance(S);
    const n = e.status('crash').restartCount;
    if (n > seen) {
      restartsAt.push(Math.round((e.c.loop.now - start) / S));
      seen = n;
    }
  }
  // Each run lasts 1s; the gaps between restarts are the run plus the back-off.
  const gaps = restartsAt.map((t, i) => t - (i === 0 ? 0 : restartsAt[i - 1]));
  assert.deepEqual(gaps, [1, 11, 21, 41, 81, 161, 301, 301, 301]);
  // Just after the last restart it runs; a second later it has exited and waits out 5 minutes.
  assert.ok(e.status('crash').state?.running);
  e.c.loop.advance(1.5 * S);
  assert.equal(e.status('crash').state?.waiting?.reason, 'CrashLoopBackOff');
  assert.equal(podStatusColumn(e.pod('crash')), 'CrashLoopBackOff');
  assert.match(e.status('crash').state?.waiting?.message ?? '', /^back-off 5m0s restarting failed container=app pod=crash_default\(.+\)$/);
  e.c.stop();
});

test('fact 133: a container that ran for more than 10 minutes restarts at once again', () => {
  const e = cluster();
  e.run('slow', { 'sim.kubespec.io/exit-after': '11m', 'sim.kubespec.io/exit-code': '1' });
  const at = (): number => e.status('slow').restartCount ?? 0;
  // First exit at 11m: immediate restart (arms 10s). Second exit 11m later: the entry expired
  // (more than 2 × 300s since it last moved), so again immediate rather than 10s.
  e.c.loop.advance(11 * 60 * S + S);
  assert.equal(at(), 1);
  e.c.loop.advance(11 * 60 * S);
  assert.equal(at(), 2);
  assert.equal(e.status('slow').state?.running !== undefined, true);
  e.c.stop();
});

test('facts 140, 141: SIGTERM ends a container with 143; one that ignores it is SIGKILLed (137) when the grace period ends', async (t) => {
  const cases: { name: string; ignore: boolean; grace: number; goneAfterS: number; code: number }[] = [
    { name: 'honours SIGTERM', ignore: false, grace: 30, goneAfterS: 0, code: 143 },
    { name: 'ignores SIGTERM', ignore: true, grace: 20, goneAfterS: 20, code: 137 },
  ];
  for (const k of cases) {
    await t.test(k.name, () => {
      const e = cluster();
      e.run('p', k.ignore ? { 'sim.kubespec.io/ignore-sigterm': 'true' } : {}, { terminationGracePeriodSeconds: k.grace });
      const last: Pod[] = [];
      e.admin.watch('pods', { resourceVersion: String(e.c.store.rev) }, (ev) => {
        if (ev.type !== 'ERROR') last.push(ev.object as unknown as Pod);
      });
      const deletedAt = e.c.loop.now;
      e.admin.delete('pods', 'default', 'p');
      e.c.loop.advance(0);
      if (k.goneAfterS > 0) {
        e.c.loop.advance((k.goneAfterS - 1) * S);
        assert.ok(e.admin.list('pods', { namespace: 'default' }).items.length === 1, 'still there before the grace period ends');
        e.c.loop.advance(2 * S);
      }
      assert.equal(e.admin.list('pods', { namespace: 'default' }).items.length, 0);
      const final = last.at(-1)!;
      assert.equal(final.status?.containerStatuses?.[0].state?.terminated?.exitCode, k.code);
      assert.ok(e.c.loop.now - deletedAt <= (k.goneAfterS + 1) * S);
      e.c.stop();
    });
  }
});
