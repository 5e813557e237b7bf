import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Container, Pod, Probe } from 'kubernetes-types/core/v1';
import { containerProbe, PROBE_TYPE_NAME, probeTiming, resolvePort, runProbe, type ProbeTarget, type ProbeType } from '../src/kubelet/probe_sim';
import { ProbeManager, type ProbeView } from '../src/kubelet/prober';
import { TimerGroup } from '../src/kubelet/timer_group';
import { Loop } from '../src/sim/loop';
import { Rng } from '../src/sim/rng';

// The kubelet's probes (fact 130 defaults, fact 139 messages) and the prober's workers, with a
// fake host standing in for the pod worker.

const S = 1000;
const IP = '10.244.0.5';

// ---- probe_sim ----------------------------------------------------------------------------------

test('fact 130: probe timing defaults: period 10s, timeout 1s, success 1, failure 3, initial delay 0', () => {
  assert.deepEqual(probeTiming({}), { periodMs: 10 * S, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3, initialDelaySeconds: 0 });
  // 0 is "unset" for the defaulted fields (SetDefaults_Probe), not for initialDelaySeconds.
  assert.deepEqual(probeTiming({ periodSeconds: 0, timeoutSeconds: 0, successThreshold: 0, failureThreshold: 0, initialDelaySeconds: 0 }), {
    periodMs: 10 * S,
    timeoutSeconds: 1,
    successThreshold: 1,
    failureThreshold: 3,
    initialDelaySeconds: 0,
  });
  assert.deepEqual(probeTiming({ periodSeconds: 5, timeoutSeconds: 2, successThreshold: 2, failureThreshold: 7, initialDelaySeconds: 30 }), {
    periodMs: 5 * S,
    timeoutSeconds: 2,
    successThreshold: 2,
    failureThreshold: 7,
    initialDelaySeconds: 30,
  });
});

test('containerProbe picks the probe of each type; PROBE_TYPE_NAME is probeType.String()', () => {
  const r: Probe = { exec: { command: ['r'] } };
  const l: Probe = { exec: { command: ['l'] } };
  const c: Container = { name: 'app', readinessProbe: r, livenessProbe: l };
  assert.equal(containerProbe(c, 'readiness'), r);
  assert.equal(containerProbe(c, 'liveness'), l);
  assert.equal(containerProbe(c, 'startup'), undefined);
  assert.deepEqual(PROBE_TYPE_NAME, { readiness: 'Readiness', liveness: 'Liveness', startup: 'Startup' });
});

test('resolvePort: numbers, named ports, numeric strings, and errors', () => {
  const c: Container = { name: 'app', ports: [{ name: 'http', containerPort: 8080 }, { name: '9000', containerPort: 9999 }] };
  const cases: { param: number | string | undefined; want: number | string }[] = [
    { param: 80, want: 80 },
    { param: 'http', want: 8080 },
    { param: '8081', want: 8081 },
    // A port named like a number is looked up by name first.
    { param: '9000', want: 9999 },
    { param: 'grpc', want: 'strconv.Atoi: parsing "grpc": invalid syntax' },
    { param: undefined, want: 'strconv.Atoi: parsing "": invalid syntax' },
    { param: 0, want: 'invalid port number: 0' },
    { param: 65536, want: 'invalid port number: 65536' },
    { param: 65535, want: 65535 },
    { param: '-1', want: 'invalid port number: -1' },
  ];
  for (const k of cases) assert.equal(resolvePort(k.param, c), k.want, String(k.param));
});

test('runProbe: what each kind of probe sees (fact 139 output)', () => {
  const container: Container = { name: 'app', ports: [{ name: 'http', containerPort: 8080 }] };
  const target = (o: Partial<ProbeTarget> = {}): ProbeTarget => ({ podIP: IP, container, startedAt: 0, startDelayMs: 5 * S, neverReady: false, failing: false, ...o });
  const http: Probe = { httpGet: { port: 'http', path: '/healthz' } };
  const cases: { name: string; type?: ProbeType; probe: Probe; t?: Partial<ProbeTarget>; now: number; want: ReturnType<typeof runProbe> }[] = [
    { name: 'listening, healthy', probe: http, now: 5 * S, want: { result: 'success' } },
    {
      name: 'http before the start delay: connection refused',
      probe: http,
      now: 5 * S - 1,
      want: { result: 'failure', output: `Get "http://${IP}:8080/healthz": dial tcp ${IP}:8080: connect: connection refused` },
    },
    {
      name: 'http defaults: path / and scheme HTTP; host and scheme as given',
      probe: { httpGet: { port: 80, host: 'example.com', scheme: 'HTTPS' } },
      now: 0,
      want: { result: 'failure', output: 'Get "https://example.com:80/": dial tcp example.com:80: connect: connection refused' },
    },
    {
      name: 'http path without a slash gets one',
      probe: { httpGet: { port: 80, path: 'ready' } },
      now: 0,
      want: { result: 'failure', output: `Get "http://${IP}:80/ready": dial tcp ${IP}:80: connect: connection refused` },
    },
    { name: 'http, failing fault', probe: http, t: { failing: true }, now: 60 * S, want: { result: 'failure', output: 'HTTP probe failed with statuscode: 500' } },
    { name: 'http readiness, never ready', probe: http, t: { neverReady: true }, now: 60 * S, want: { result: 'failure', output: 'HTTP probe failed with statuscode: 500' } },
    { name: 'never ready does not fail liveness', type: 'liveness', probe: http, t: { neverReady: true }, now: 60 * S, want: { result: 'success' } },
    { name: 'never ready does not fail startup', type: 'startup', probe: http, t: { neverReady: true }, now: 60 * S, want: { result: 'success' } },
    { name: 'http bad named port', probe: { httpGet: { port: 'web' } }, now: 0, want: { result: 'error', error: 'strconv.Atoi: parsing "web": invalid syntax' } },
    // An error is an error even when the process would answer (the port cannot be resolved at all)?
    // No: a healthy, listening process answers first.
    { name: 'http bad port, healthy and listening', probe: { httpGet: { port: 'web' } }, now: 60 * S, want: { result: 'success' } },
    { name: 'tcp not listening', probe: { tcpSocket: { port: 5432 } }, now: 0, want: { result: 'failure', output: `dial tcp ${IP}:5432: connect: connection refused` } },
    { name: 'tcp with host, failing', probe: { tcpSocket: { port: 'http', host: '1.2.3.4' } }, t: { failing: true }, now: 60 * S, want: { result: 'failure', output: 'dial tcp 1.2.3.4:8080: connect: connection refused' } },
    { name: 'tcp bad port', probe: { tcpSocket: { port: 70000 } }, now: 0, want: { result: 'error', error: 'invalid port number: 70000' } },
    {
      name: 'grpc not listening: timeout after timeoutSeconds',
      probe: { grpc: { port: 9090 }, timeoutSeconds: 3 },
      now: 0,
      want: { result: 'failure', output: `timeout: failed to connect service "${IP}:9090" within 3s: context deadline exceeded` },
    },
    {
      name: 'grpc not listening, default timeout 1s',
      probe: { grpc: { port: 9090 } },
      now: 0,
      want: { result: 'failure', output: `timeout: failed to connect service "${IP}:9090" within 1s: context deadline exceeded` },
    },
    { name: 'grpc failing', probe: { grpc: { port: 9090 } }, t: { failing: true }, now: 60 * S, want: { result: 'failure', output: 'service unhealthy (responded with "NOT_SERVING")' } },
    { name: 'exec failing: no output', probe: { exec: { command: ['true'] } }, t: { failing: true }, now: 60 * S, want: { result: 'failure', output: '' } },
    { name: 'exec healthy', probe: { exec: { command: ['true'] } }, now: 60 * S, want: { result: 'success' } },
  ];
  for (const k of cases) assert.deepEqual(runProbe(k.type ?? 'readiness', k.probe, target(k.t), k.now), k.want, k.name);
});

// ---- the prober ---------------------------------------------------------------------------------

interface Inst {
  id: string;
  running: boolean;
  startedAt: number;
  startDelayMs: number;
  neverReady: boolean;
}

/**
 * A ProbeManager over one pod with one container, and a host whose container state the test sets.
 * The kubelet started long ago unless `kubeletStartedAt` says otherwise, so workers probe at once.
 */
function setup(container: Container, o: { kubeletStartedAt?: number; init?: boolean; restartPolicy?: string } = {}) {
  const loop = new Loop();
  const timers = new TimerGroup(loop);
  const state = {
    inst: { id: 'c1', running: true, startedAt: 0, startDelayMs: 0, neverReady: false } as Inst | undefined,
    terminal: false,
    deleting: false,
    restartPolicy: o.restartPolicy ?? 'Always',
  };
  const events: string[] = [];
  const changes: string[] = [];
  const pod: Pod = {
    metadata: { name: 'p', namespace: 'default', uid: 'u1' },
    spec: o.init ? { initContainers: [{ ...container, restartPolicy: 'Always' }], containers: [{ name: 'main' }] } : { containers: [container] },
  };
  const spec = o.init ? pod.spec!.initContainers![0] : container;
  // eslint-disable-next-line prefer-const
  let m: ProbeManager;
  const view = (uid: string, name: string): ProbeView | undefined => {
    if (uid !== 'u1' || name !== container.name) return undefined;
    const i = state.inst;
    return {
      terminal: state.terminal,
      deleting: state.deleting,
      restartPolicy: state.restartPolicy,
      instance: i && {
        id: i.id,
        running: i.running,
        startedAtSeconds: Math.floor(i.startedAt / S) * S,
        started: m.isStarted('u1', name, i.id),
        target: { podIP: IP, container: spec, startedAt: i.startedAt, startDelayMs: i.startDelayMs, neverReady: i.neverReady, failing: false },
      },
    };
  };
  m = new ProbeManager(loop, timers, new Rng(7), () => o.kubeletStartedAt ?? -1e9, {
    view,
    onResult: (uid, type) => changes.push(`${loop.now / S}s ${type} ${m.result(type, state.inst?.id ?? '')}`),
    unhealthy: (_pod, c, init, message) => events.push(`${loop.now / S}s ${c.name}${init ? ' (init)' : ''}: ${message}`),
  });
  m.addPod(pod);
  const at = (seconds: number) => loop.advance(seconds * S - loop.now);
  return { loop, timers, m, state, events, changes, at, pod };
}

const httpProbe = (o: Partial<Probe> = {}): Probe => ({ httpGet: { port: 8080, path: '/healthz' }, ...o });
const FAIL500 = 'probe failed: HTTP probe failed with statuscode: 500';

test('workers: one per container and probe type, sidecars included, no duplicates', () => {
  const c: Container = { name: 'app', readinessProbe: httpProbe(), livenessProbe: httpProbe() };
  const e = setup(c);
  assert.equal(e.m.hasProbe('u1', 'app', 'readiness'), true);
  assert.equal(e.m.hasProbe('u1', 'app', 'liveness'), true);
  assert.equal(e.m.hasProbe('u1', 'app', 'startup'), false);
  e.m.addPod(e.pod); // a second AddPod does not start second workers
  e.state.inst!.running = true;
  e.m.setFailing('u1', 'readiness', true);
  e.at(0);
  assert.equal(e.events.length, 1, 'one probe at once, not two');
  const side = setup({ name: 'proxy', readinessProbe: httpProbe() }, { init: true });
  assert.equal(side.m.hasProbe('u1', 'proxy', 'readiness'), true);
  // An init container that is not a sidecar is never probed.
  const plainInit = setup({ name: 'x' });
  const m2 = plainInit.m;
  m2.addPod({ metadata: { uid: 'u2', name: 'q', namespace: 'default' }, spec: { initContainers: [{ name: 'init', readinessProbe: httpProbe() }], containers: [] } });
  assert.equal(m2.hasProbe('u2', 'init', 'readiness'), false);
});

test('initial results: readiness failure, liveness success, startup unknown; no probe means started and ready', () => {
  const e = setup({ name: 'app', readinessProbe: httpProbe(), livenessProbe: httpProbe(), startupProbe: httpProbe() });
  e.state.inst!.startDelayMs = 3600 * S; // never answers in this test
  e.at(0);
  assert.equal(e.m.result('readiness', 'c1'), 'failure');
  assert.equal(e.m.result('liveness', 'c1'), 'success');
  assert.equal(e.m.result('startup', 'c1'), 'unknown');
  assert.equal(e.m.isStarted('u1', 'app', 'c1'), false);
  assert.equal(e.m.isReady('u1', 'app', 'c1'), false);
  const bare = setup({ name: 'app' });
  bare.at(0);
  assert.equal(bare.m.isStarted('u1', 'app', 'c1'), true);
  assert.equal(bare.m.isReady('u1', 'app', 'c1'), true);
  assert.equal(bare.m.result('readiness', 'c1'), undefined);
});

test('fact 130: readiness turns to failure after failureThreshold failures in a row, back after successThreshold successes', () => {
  const cases: { name: string; probe: Probe; failFrom: number; failUntil: number; changes: string[]; events: number[] }[] = [
    {
      name: 'defaults: period 10s, 3 failures, 1 success',
      probe: httpProbe(),
      failFrom: 5,
      failUntil: 55,
      changes: ['0s readiness success', '30s readiness failure', '60s readiness success'],
      events: [10, 20, 30, 40, 50],
    },
    {
      name: 'failureThreshold 1',
      probe: httpProbe({ failureThreshold: 1 }),
      failFrom: 5,
      failUntil: 15,
      changes: ['0s readiness success', '10s readiness failure', '20s readiness success'],
      events: [10],
    },
    {
      name: 'successThreshold 3, period 5s',
      probe: httpProbe({ successThreshold: 3, periodSeconds: 5 }),
      failFrom: 12,
      failUntil: 32,
      // 0, 5, 10 pass (ready at 10); 15..30 fail (not ready at 25); 35, 40, 45 pass (ready at 45).
      changes: ['10s readiness success', '25s readiness failure', '45s readiness success'],
      events: [15, 20, 25, 30],
    },
    {
      name: 'two failures then a success do not flip it',
      probe: httpProbe(),
      failFrom: 5,
      failUntil: 25,
      changes: ['0s readiness success'],
      events: [10, 20],
    },
  ];
  for (const k of cases) {
    const e = setup({ name: 'app', readinessProbe: k.probe });
    e.loop.schedule(k.failFrom * S, () => e.m.setFailing('u1', 'readiness', true));
    e.loop.schedule(k.failUntil * S, () => e.m.setFailing('u1', 'readiness', false));
    e.at(80);
    assert.deepEqual(e.changes, k.changes, k.name);
    assert.deepEqual(
      e.events,
      k.events.map((s) => `${s}s app: Readiness ${FAIL500}`),
      `${k.name}: one Unhealthy event per failed probe`,
    );
  }
});

test('fact 130: a failing liveness probe reports failure after 3 × 10s, then holds until the container is replaced', () => {
  const e = setup({ name: 'app', livenessProbe: httpProbe() });
  e.m.setFailing('u1', 'liveness', true);
  e.at(100);
  // Probes at 0, 10, 20: failure at the third; liveness successes are not reported.
  assert.deepEqual(e.changes, ['20s liveness failure']);
  assert.deepEqual(e.events, [0, 10, 20].map((s) => `${s}s app: Liveness ${FAIL500}`), 'no probes while on hold');
  // The kubelet restarts it: a new container. The worker notices the new container ID at its next
  // tick (110s, as upstream's doProbe does), resets to the initial liveness success and probes again.
  e.state.inst = { id: 'c2', running: true, startedAt: 100 * S, startDelayMs: 0, neverReady: false };
  e.at(105);
  assert.equal(e.m.result('liveness', 'c2'), undefined, 'not seen before the next tick');
  e.at(110);
  assert.equal(e.m.result('liveness', 'c2'), 'success');
  assert.equal(e.m.result('liveness', 'c1'), undefined, 'the old container is forgotten');
  e.at(150);
  // Probes at 110, 120, 130 fail again: failure counted afresh (the run was reset by the hold).
  assert.deepEqual(e.changes, ['20s liveness failure', '130s liveness failure']);
});

test('a liveness fault that clears before the threshold changes nothing', () => {
  const e = setup({ name: 'app', livenessProbe: httpProbe({ failureThreshold: 3 }) });
  e.loop.schedule(5 * S, () => e.m.setFailing('u1', 'liveness', true));
  e.loop.schedule(25 * S, () => e.m.setFailing('u1', 'liveness', false));
  e.loop.schedule(35 * S, () => e.m.setFailing('u1', 'liveness', true));
  e.at(58);
  // Failures at 10, 20; success at 30; failures at 40, 50: never three in a row.
  assert.deepEqual(e.changes, []);
  assert.equal(e.m.result('liveness', 'c1'), 'success');
  e.at(60);
  assert.deepEqual(e.changes, ['60s liveness failure']);
});

test('initialDelaySeconds: no probe until that long after the container started', () => {
  const cases = [
    { delay: 0, first: 0 },
    { delay: 10, first: 10 },
    { delay: 15, first: 20 },
    { delay: 30, first: 30 },
  ];
  for (const k of cases) {
    const e = setup({ name: 'app', readinessProbe: httpProbe({ initialDelaySeconds: k.delay }) });
    e.m.setFailing('u1', 'readiness', true);
    e.at(45);
    assert.equal(e.events[0], `${k.first}s app: Readiness ${FAIL500}`, `delay ${k.delay}`);
  }
});

test('initialDelaySeconds counts from startedAt in whole seconds, as read back from the status', () => {
  // Started at 2.7s, read back as 2s: with a 10s delay the probe at 12.7s (10.7s later, 10s by the status) runs.
  const e = setup({ name: 'app', readinessProbe: httpProbe({ initialDelaySeconds: 10, periodSeconds: 1 }) });
  e.state.inst = { id: 'c1', running: true, startedAt: 2700, startDelayMs: 0, neverReady: false };
  e.m.setFailing('u1', 'readiness', true);
  e.at(30);
  assert.equal(e.events[0], `12s app: Readiness ${FAIL500}`);
});

test('startup probe: readiness and liveness wait for it; it stops once passed', () => {
  const c: Container = { name: 'app', startupProbe: httpProbe(), readinessProbe: httpProbe(), livenessProbe: httpProbe() };
  const e = setup(c);
  e.state.inst!.startDelayMs = 15 * S; // answers from 15s
  e.at(100);
  const refused = `Get "http://${IP}:8080/healthz": dial tcp ${IP}:8080: connect: connection refused`;
  // Startup fails at 0 and 10 (below its threshold of 3), passes at 20. Readiness, whose worker
  // ticks just before startup's at 20, first probes at 30.
  assert.deepEqual(e.events, [`0s app: Startup probe failed: ${refused}`, `10s app: Startup probe failed: ${refused}`]);
  assert.deepEqual(e.changes, ['20s startup success', '30s readiness success']);
  assert.equal(e.m.isStarted('u1', 'app', 'c1'), true);
  // Once started, a startup fault is never seen (the startup probe no longer runs).
  e.m.setFailing('u1', 'startup', true);
  e.at(200);
  assert.equal(e.events.length, 2);
});

test('startup probe failing failureThreshold times reports failure and holds', () => {
  const e = setup({ name: 'app', startupProbe: httpProbe({ failureThreshold: 2, periodSeconds: 5 }), readinessProbe: httpProbe() });
  e.state.inst!.startDelayMs = 3600 * S;
  e.at(60);
  assert.deepEqual(e.changes, ['5s startup failure']);
  assert.equal(e.events.length, 2, 'held after the failure; readiness never probed');
  assert.equal(e.m.isStarted('u1', 'app', 'c1'), false);
});

test('a probe error is reported and thrown away: it neither counts nor breaks a run', () => {
  const c: Container = { name: 'app', readinessProbe: { httpGet: { port: 'web' } } };
  const e = setup(c);
  e.state.inst!.startDelayMs = 3600 * S;
  e.at(40);
  assert.deepEqual(
    e.events,
    [0, 10, 20, 30, 40].map((s) => `${s}s app: Readiness probe errored: strconv.Atoi: parsing "web": invalid syntax`),
  );
  assert.deepEqual(e.changes, []);
  assert.equal(e.m.result('readiness', 'c1'), 'failure', 'the initial result stands');
});

test('a container that is not running: readiness fails at once; the worker ends when it will not restart', () => {
  const cases: { name: string; policy: string; init?: boolean; ends: boolean }[] = [
    { name: 'restartPolicy Always', policy: 'Always', ends: false },
    { name: 'restartPolicy OnFailure', policy: 'OnFailure', ends: false },
    { name: 'restartPolicy Never', policy: 'Never', ends: true },
    { name: 'restartPolicy Never, sidecar', policy: 'Never', init: true, ends: false },
  ];
  for (const k of cases) {
    const name = k.init ? 'proxy' : 'app';
    const e = setup({ name, readinessProbe: httpProbe() }, { restartPolicy: k.policy, init: k.init });
    e.at(20); // ready at 0
    e.state.inst!.running = false;
    e.at(30);
    assert.deepEqual(e.changes, ['0s readiness success', '30s readiness failure'], k.name);
    assert.equal(e.m.hasProbe('u1', name, 'readiness'), !k.ends, k.name);
    assert.equal(e.events.length, 0, `${k.name}: no Unhealthy event for a stopped container`);
  }
});

test('a terminal pod ends every worker; removePod stops them and forgets results', () => {
  const c: Container = { name: 'app', readinessProbe: httpProbe(), livenessProbe: httpProbe() };
  const e = setup(c);
  e.at(5);
  e.state.terminal = true;
  e.at(10);
  assert.equal(e.m.hasProbe('u1', 'app', 'readiness'), false);
  assert.equal(e.m.hasProbe('u1', 'app', 'liveness'), false);
  assert.equal(e.m.result('readiness', 'c1'), undefined);

  const r = setup(c);
  r.at(5);
  assert.equal(r.m.result('readiness', 'c1'), 'success');
  r.m.setFailing('u1', 'readiness', true);
  r.m.removePod('u1');
  assert.equal(r.m.isFailing('u1', 'readiness'), false, 'faults are forgotten with the pod');
  assert.equal(r.m.result('readiness', 'c1'), undefined);
  assert.equal(r.m.result('liveness', 'c1'), undefined);
  r.at(100);
  assert.deepEqual(r.events, []);
});

test('a deleting pod: liveness and startup set success and stop; readiness goes on', () => {
  const c: Container = { name: 'app', readinessProbe: httpProbe(), livenessProbe: httpProbe() };
  const e = setup(c);
  e.at(5);
  e.m.setFailing('u1', 'liveness', true);
  e.m.setFailing('u1', 'readiness', true);
  e.state.deleting = true;
  e.at(40);
  assert.equal(e.m.hasProbe('u1', 'app', 'liveness'), false);
  assert.equal(e.m.hasProbe('u1', 'app', 'readiness'), true);
  assert.ok(e.events.every((x) => x.includes('Readiness')), 'no liveness probe ran after the deletion');
  assert.deepEqual(e.changes, ['0s readiness success', '30s readiness failure']);
  // stopLivenessAndStartup does the same at once.
  const s = setup({ name: 'app', readinessProbe: httpProbe(), startupProbe: httpProbe() });
  s.m.stopLivenessAndStartup('u1');
  assert.equal(s.m.hasProbe('u1', 'app', 'startup'), false);
  assert.equal(s.m.hasProbe('u1', 'app', 'readiness'), true);
});

test('triggerReadiness probes at once, and right after the first probe if that is still to come', () => {
  const e = setup({ name: 'app', readinessProbe: httpProbe() });
  e.state.inst!.startDelayMs = 12 * S;
  e.at(15);
  assert.equal(e.m.result('readiness', 'c1'), 'failure', 'not ready yet: probes at 0 and 10 were refused');
  e.m.triggerReadiness('u1', 'app');
  e.m.triggerReadiness('u1', 'app'); // coalesced
  e.loop.advance(0);
  assert.deepEqual(e.changes, ['15s readiness success']);
  assert.equal(e.events.length, 2);

  // The kubelet just started: the first probe waits a random part of the period.
  const j = setup({ name: 'app', readinessProbe: httpProbe() }, { kubeletStartedAt: 0 });
  j.m.setFailing('u1', 'readiness', true);
  j.m.triggerReadiness('u1', 'app');
  j.at(9.999);
  assert.equal(j.events.length, 2, 'the first probe and the early trigger, both before a period passed');
  assert.equal(j.events[0], j.events[1], 'the trigger ran at the first probe');
});

test('a worker created within a period of the kubelet start waits a random part of the period (same seed, same wait)', () => {
  const first = (startedAt: number) => {
    const e = setup({ name: 'app', readinessProbe: httpProbe() }, { kubeletStartedAt: startedAt });
    e.m.setFailing('u1', 'readiness', true);
    e.at(60);
    return e.events.map((x) => Number(x.split('s ')[0]));
  };
  const times = first(0);
  assert.ok(times[0] >= 0 && times[0] < 10, `first probe at ${times[0]}s`);
  for (let i = 1; i < times.length; i++) assert.equal(Math.round((times[i] - times[i - 1]) * 1000), 10_000, 'then every period');
  assert.deepEqual(first(0), times, 'deterministic');
  assert.equal(first(-10 * S)[0], 0, 'a period after the kubelet start: at once');
});

test('frozen node timers freeze the probes too', () => {
  const e = setup({ name: 'app', livenessProbe: httpProbe() });
  e.m.setFailing('u1', 'liveness', true);
  e.at(15); // failures at 0, 10
  e.timers.freeze();
  e.at(500);
  e.timers.thaw(); // 5s were left until the next probe
  e.at(510);
  assert.deepEqual(e.changes, ['505s liveness failure']);
});
