import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_BEHAVIOUR, SIM_ANNOTATIONS, SIM_PREFIX, SimAnnotationError, simBehaviour, type SimBehaviour } from '../src/kubelet/sim_annotations';

// How a simulated container behaves, from its pod's sim.kubespec.io/* annotations (STEPS.md,
// "Simulated containers").

const P = SIM_PREFIX;

test('the prefix and the annotation names the simulator reads', () => {
  assert.equal(SIM_PREFIX, 'sim.kubespec.io/');
  assert.deepEqual([...SIM_ANNOTATIONS].sort(), ['exit-after', 'exit-code', 'ignore-sigterm', 'pull-time', 'ready', 'start-delay']);
});

test('defaults: no annotations, or none of ours', () => {
  const want: SimBehaviour = { startDelayMs: 0, exitAfterMs: undefined, exitCode: 0, ready: true, pullTimeMs: 1000, ignoreSigterm: false };
  assert.deepEqual({ ...DEFAULT_BEHAVIOUR }, want);
  assert.ok(Object.isFrozen(DEFAULT_BEHAVIOUR));
  const cases: { name: string; annotations: Record<string, string> | undefined }[] = [
    { name: 'undefined', annotations: undefined },
    { name: 'empty', annotations: {} },
    { name: 'foreign annotations', annotations: { 'example.com/exit-code': '3', 'exit-code': '3', 'kubespec.io/ready': 'false' } },
    { name: 'other names under the prefix, even with odd values', annotations: { [`${P}zone`]: 'x', [`${P}exit-codes`]: 'nope', [`${P}Exit-Code`]: '3' } },
  ];
  for (const k of cases) assert.deepEqual(simBehaviour(k.annotations, 'app'), want, k.name);
});

test('the result is a fresh object: changing it does not change the defaults', () => {
  const b = simBehaviour(undefined, 'app');
  b.exitCode = 9;
  assert.equal(simBehaviour(undefined, 'app').exitCode, 0);
  assert.equal(DEFAULT_BEHAVIOUR.exitCode, 0);
});

test('each annotation sets its field', () => {
  const cases: { key: string; value: string; want: Partial<SimBehaviour> }[] = [
    { key: 'start-delay', value: '5s', want: { startDelayMs: 5000 } },
    { key: 'start-delay', value: '1m30s', want: { startDelayMs: 90_000 } },
    { key: 'start-delay', value: '0', want: { startDelayMs: 0 } },
    { key: 'start-delay', value: '90 seconds', want: { startDelayMs: 90_000 } },
    { key: 'exit-after', value: '500ms', want: { exitAfterMs: 500 } },
    { key: 'exit-after', value: '2.5s', want: { exitAfterMs: 2500 } },
    { key: 'exit-after', value: '0s', want: { exitAfterMs: 0 } },
    { key: 'exit-after', value: '1h', want: { exitAfterMs: 3_600_000 } },
    { key: 'pull-time', value: '30s', want: { pullTimeMs: 30_000 } },
    { key: 'pull-time', value: '0', want: { pullTimeMs: 0 } },
    // Sub-millisecond durations round to whole virtual milliseconds.
    { key: 'pull-time', value: '1500us', want: { pullTimeMs: 2 } },
    { key: 'pull-time', value: '1400us', want: { pullTimeMs: 1 } },
    { key: 'exit-code', value: '0', want: { exitCode: 0 } },
    { key: 'exit-code', value: '1', want: { exitCode: 1 } },
    { key: 'exit-code', value: '255', want: { exitCode: 255 } },
    { key: 'ready', value: 'false', want: { ready: false } },
    { key: 'ready', value: 'true', want: { ready: true } },
    { key: 'ignore-sigterm', value: 'true', want: { ignoreSigterm: true } },
    { key: 'ignore-sigterm', value: 'false', want: { ignoreSigterm: false } },
  ];
  for (const k of cases) {
    const got = simBehaviour({ [`${P}${k.key}`]: k.value }, 'app');
    assert.deepEqual(got, { ...DEFAULT_BEHAVIOUR, ...k.want }, `${k.key}=${k.value}`);
  }
});

test('several annotations combine', () => {
  const got = simBehaviour({ [`${P}exit-after`]: '30s', [`${P}exit-code`]: '3', [`${P}ready`]: 'false', [`${P}start-delay`]: '2s' }, 'app');
  assert.deepEqual(got, { ...DEFAULT_BEHAVIOUR, exitAfterMs: 30_000, exitCode: 3, ready: false, startDelayMs: 2000 });
});

test('a .<container> suffix applies to that container only and wins over the pod-wide value', () => {
  const ann = {
    [`${P}exit-code`]: '1',
    [`${P}exit-code.app`]: '2',
    [`${P}ready.sidecar`]: 'false',
    [`${P}exit-after.web`]: '10s',
  };
  const cases: { container: string; want: Partial<SimBehaviour> }[] = [
    { container: 'app', want: { exitCode: 2 } },
    { container: 'sidecar', want: { exitCode: 1, ready: false } },
    { container: 'web', want: { exitCode: 1, exitAfterMs: 10_000 } },
    // Names are matched exactly: no prefix or case folding.
    { container: 'ap', want: { exitCode: 1 } },
    { container: 'app2', want: { exitCode: 1 } },
    { container: 'App', want: { exitCode: 1 } },
  ];
  for (const k of cases) assert.deepEqual(simBehaviour(ann, k.container), { ...DEFAULT_BEHAVIOUR, ...k.want }, k.container);
});

test('the override wins whatever the order of the annotations', () => {
  const orders = [
    { [`${P}exit-code.app`]: '2', [`${P}exit-code`]: '1' },
    { [`${P}exit-code`]: '1', [`${P}exit-code.app`]: '2' },
  ];
  for (const ann of orders) assert.equal(simBehaviour(ann, 'app').exitCode, 2, Object.keys(ann).join(', '));
});

test('the first dot after the name starts the container name', () => {
  // `exit-code.a.b` names container "a.b" (no DNS label has a dot, so no container matches).
  assert.equal(simBehaviour({ [`${P}exit-code.a.b`]: '4' }, 'a').exitCode, 0);
  assert.equal(simBehaviour({ [`${P}exit-code.a.b`]: '4' }, 'a.b').exitCode, 4);
  // An empty container name matches no container.
  assert.equal(simBehaviour({ [`${P}exit-code.`]: '4' }, 'app').exitCode, 0);
  // An unknown name with a suffix is left alone, even with a bad value.
  assert.deepEqual(simBehaviour({ [`${P}colour.app`]: 'blue' }, 'app'), { ...DEFAULT_BEHAVIOUR });
});

test('an init container that is not a sidecar exits at once unless told otherwise', () => {
  const cases: { name: string; ann: Record<string, string> | undefined; kind: 'init' | 'container'; exitAfterMs: number | undefined }[] = [
    { name: 'init, no annotations', ann: undefined, kind: 'init', exitAfterMs: 0 },
    { name: 'init, foreign annotations', ann: { a: 'b' }, kind: 'init', exitAfterMs: 0 },
    { name: 'init, pod-wide exit-after', ann: { [`${P}exit-after`]: '5s' }, kind: 'init', exitAfterMs: 5000 },
    { name: 'init, own exit-after', ann: { [`${P}exit-after.app`]: '7s' }, kind: 'init', exitAfterMs: 7000 },
    { name: 'regular container (the default kind)', ann: undefined, kind: 'container', exitAfterMs: undefined },
  ];
  for (const k of cases) assert.equal(simBehaviour(k.ann, 'app', k.kind).exitAfterMs, k.exitAfterMs, k.name);
  assert.equal(simBehaviour(undefined, 'app').exitAfterMs, undefined);
  assert.equal(simBehaviour({ [`${P}exit-code`]: '3' }, 'app', 'init').exitCode, 3);
});

test('bad values throw SimAnnotationError naming the key, the value and what was expected', () => {
  const DUR = 'a duration such as 5s, 1m30s or 500ms';
  const cases: { key: string; value: string; expected: string }[] = [
    { key: 'start-delay', value: 'soon', expected: DUR },
    { key: 'start-delay', value: '5', expected: DUR },
    { key: 'exit-after', value: '', expected: DUR },
    { key: 'exit-after', value: '5x', expected: DUR },
    { key: 'exit-after', value: '-5s', expected: 'a duration that is not negative' },
    { key: 'pull-time', value: '-1ms', expected: 'a duration that is not negative' },
    { key: 'exit-code', value: '256', expected: 'an exit code from 0 to 255' },
    { key: 'exit-code', value: '-1', expected: 'an exit code from 0 to 255' },
    { key: 'exit-code', value: '1.5', expected: 'an exit code from 0 to 255' },
    { key: 'exit-code', value: 'one', expected: 'an exit code from 0 to 255' },
    { key: 'exit-code', value: '', expected: 'an exit code from 0 to 255' },
    { key: 'exit-code', value: ' 1', expected: 'an exit code from 0 to 255' },
    { key: 'ready', value: 'True', expected: '"true" or "false"' },
    { key: 'ready', value: 'no', expected: '"true" or "false"' },
    { key: 'ignore-sigterm', value: '1', expected: '"true" or "false"' },
    { key: 'ignore-sigterm', value: '', expected: '"true" or "false"' },
  ];
  for (const k of cases) {
    for (const suffix of ['', '.app']) {
      const key = `${P}${k.key}${suffix}`;
      assert.throws(
        () => simBehaviour({ [key]: k.value }, 'app'),
        (e: unknown) => {
          assert.ok(e instanceof SimAnnotationError, `${key}=${k.value}: a SimAnnotationError`);
          assert.equal(e.name, 'SimAnnotationError');
          assert.equal(e.key, key);
          assert.equal(e.value, k.value);
          assert.equal(e.message, `invalid annotation ${key}: ${JSON.stringify(k.value)}: expected ${k.expected}`);
          return true;
        },
        `${key}=${JSON.stringify(k.value)}`,
      );
    }
  }
});

test("a bad value for another container's override does not affect this one", () => {
  const ann = { [`${P}exit-code.other`]: 'nope', [`${P}ready.other`]: 'maybe' };
  assert.deepEqual(simBehaviour(ann, 'app'), { ...DEFAULT_BEHAVIOUR });
  assert.throws(() => simBehaviour(ann, 'other'), SimAnnotationError);
});
