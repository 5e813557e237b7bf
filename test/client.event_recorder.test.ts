import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { KubeObject } from '../src/api/object';
import { Loop } from '../src/sim/loop';
import { Rng } from '../src/sim/rng';
import { EventRecorder, formatRFC3339, type EventRecorderOptions } from '../src/client/event_recorder';
import type { CoreEvent, EventSource, EventType } from '../src/client/event_types';
import { Lru } from '../src/client/lru';
import { FakeClient, statusError } from './support/fake_client';

const EPOCH = Date.UTC(2025, 0, 1);
const hexNanos = (ms: number) => (BigInt(EPOCH + ms) * 1_000_000n).toString(16);

function setup(opts: EventRecorderOptions = {}, source: EventSource = { component: 'default-scheduler', host: 'node-1' }) {
  const loop = new Loop();
  const client = new FakeClient(loop);
  const errors: unknown[] = [];
  const recorder = new EventRecorder(client, loop, source, { onError: (e) => errors.push(e), ...opts });
  const pod = client.create<KubeObject>('pods', { metadata: { namespace: 'ns1', name: 'web-0' } });
  const events = () => client.all<CoreEvent>('events');
  return { loop, client, recorder, pod, events, errors };
}

test('event recorder: writes a core/v1 Event named <name>.<hex ns> with the upstream fields', () => {
  const { loop, recorder, pod, events } = setup();
  loop.advance(1500);
  recorder.event(pod, 'Normal', 'Scheduled', 'Successfully assigned ns1/web-0 to node-1');
  const [ev] = events();
  assert.equal(events().length, 1);
  const { metadata, ...rest } = ev;
  assert.equal(metadata.name, `web-0.${hexNanos(1500)}`);
  assert.equal(metadata.namespace, 'ns1');
  assert.deepEqual(rest, {
    apiVersion: 'v1',
    kind: 'Event',
    involvedObject: {
      kind: 'Pod',
      namespace: 'ns1',
      name: 'web-0',
      uid: pod.metadata!.uid,
      apiVersion: 'v1',
      resourceVersion: pod.metadata!.resourceVersion,
    },
    reason: 'Scheduled',
    message: 'Successfully assigned ns1/web-0 to node-1',
    source: { component: 'default-scheduler', host: 'node-1' },
    firstTimestamp: '2025-01-01T00:00:01Z',
    lastTimestamp: '2025-01-01T00:00:01Z',
    count: 1,
    type: 'Normal',
    eventTime: null,
    reportingComponent: 'default-scheduler',
    reportingInstance: 'node-1',
  });
});

test('event recorder: cluster-scoped objects get their events in "default"; no host, no source.host', () => {
  const { client, recorder, events } = setup({}, { component: 'node-controller' });
  const node = client.create<KubeObject>('nodes', { metadata: { name: 'node-2' } });
  recorder.event(node, 'Normal', 'NodeNotReady', 'Node node-2 status is now: NodeNotReady');
  const [ev] = events();
  assert.equal(ev.metadata.namespace, 'default');
  assert.equal(ev.involvedObject.namespace, undefined);
  assert.deepEqual(ev.source, { component: 'node-controller' });
  assert.equal(ev.reportingInstance, '');
});

test('event recorder: epochMs sets the clock the timestamps and names use', () => {
  const epochMs = Date.UTC(2030, 5, 1, 12);
  const { recorder, pod, events } = setup({ epochMs });
  recorder.event(pod, 'Warning', 'Failed', 'x');
  assert.equal(events()[0].firstTimestamp, '2030-06-01T12:00:00Z');
  assert.equal(events()[0].metadata.name, `web-0.${(BigInt(epochMs) * 1_000_000n).toString(16)}`);
});

test('event recorder: events at the same virtual instant get distinct names', () => {
  const { recorder, pod, events } = setup();
  recorder.event(pod, 'Normal', 'Pulling', 'a');
  recorder.event(pod, 'Normal', 'Pulled', 'b');
  const names = events().map((e) => e.metadata.name);
  assert.deepEqual(names.sort(), [`web-0.${hexNanos(0)}`, `web-0.${(BigInt(EPOCH) * 1_000_000n + 1n).toString(16)}`].sort());
});

test('event recorder: a name taken by another recorder moves to the next nanosecond', () => {
  const { loop, client, recorder, pod, events } = setup();
  const other = new EventRecorder(client, loop, { component: 'kubelet', host: 'node-1' });
  other.event(pod, 'Normal', 'Started', 'Started container web');
  recorder.event(pod, 'Normal', 'Scheduled', 'x');
  assert.equal(events().length, 2);
  recorder.event(pod, 'Normal', 'Scheduled', 'x');
  assert.deepEqual(
    events().map((e) => [e.reason, e.count]),
    [
      ['Started', 1],
      ['Scheduled', 2],
    ],
    'later patches go to the renamed Event',
  );
});

test('event recorder: identical events patch count and lastTimestamp (SEMANTICS fact 183)', () => {
  const { loop, client, recorder, pod, events } = setup();
  recorder.event(pod, 'Warning', 'BackOff', 'Back-off restarting failed container');
  loop.advance(5000);
  recorder.event(pod, 'Warning', 'BackOff', 'Back-off restarting failed container');
  loop.advance(60_000);
  recorder.event(pod, 'Warning', 'BackOff', 'Back-off restarting failed container');
  const all = events();
  assert.equal(all.length, 1);
  assert.equal(all[0].count, 3);
  assert.equal(all[0].firstTimestamp, '2025-01-01T00:00:00Z');
  assert.equal(all[0].lastTimestamp, '2025-01-01T00:01:05Z');
  const patches = client.calls.filter((c) => c.verb === 'patch' && c.resource === 'events');
  assert.deepEqual(
    patches.map((p) => p.body),
    [
      { count: 2, lastTimestamp: '2025-01-01T00:00:05Z', message: 'Back-off restarting failed container' },
      { count: 3, lastTimestamp: '2025-01-01T00:01:05Z', message: 'Back-off restarting failed container' },
    ],
  );
});

test('event recorder: events that differ in type, reason or object are not merged', () => {
  const { client, recorder, pod, events } = setup();
  const pod2 = client.create<KubeObject>('pods', { metadata: { namespace: 'ns1', name: 'web-1' } });
  recorder.event(pod, 'Normal', 'R', 'm');
  recorder.event(pod, 'Warning', 'R', 'm');
  recorder.event(pod, 'Normal', 'R2', 'm');
  recorder.event(pod2, 'Normal', 'R', 'm');
  assert.deepEqual(
    events().map((e) => e.count),
    [1, 1, 1, 1],
  );
});

test('event recorder: the 10th distinct message of similar events within 600s is aggregated (SEMANTICS fact 183)', () => {
  const { loop, recorder, pod, events } = setup();
  for (let i = 0; i < 9; i++) {
    recorder.event(pod, 'Normal', 'ScalingReplicaSet', `Scaled up replica set web-${i} to 1`);
    loop.advance(1000);
  }
  assert.equal(events().length, 9);
  assert.ok(events().every((e) => !e.message.startsWith('(combined')));

  recorder.event(pod, 'Normal', 'ScalingReplicaSet', 'Scaled up replica set web-9 to 1');
  let combined = events().filter((e) => e.message.startsWith('(combined from similar events): '));
  assert.equal(events().length, 10);
  assert.equal(combined.length, 1);
  assert.equal(combined[0].message, '(combined from similar events): Scaled up replica set web-9 to 1');
  assert.equal(combined[0].count, 1);
  assert.equal(combined[0].reportingComponent, '', 'upstream aggregate events carry no reporting fields');

  loop.advance(1000);
  recorder.event(pod, 'Normal', 'ScalingReplicaSet', 'Scaled up replica set web-10 to 1');
  combined = events().filter((e) => e.message.startsWith('(combined'));
  assert.equal(events().length, 10, 'later similar events update the aggregate');
  assert.equal(combined[0].count, 2);
  assert.equal(combined[0].message, '(combined from similar events): Scaled up replica set web-10 to 1');
  assert.equal(combined[0].lastTimestamp, '2025-01-01T00:00:10Z');
});

test('event recorder: similar events more than 600s apart are not aggregated', () => {
  const { loop, recorder, pod, events } = setup();
  for (let i = 0; i < 12; i++) {
    recorder.event(pod, 'Normal', 'ScalingReplicaSet', `message ${i}`);
    loop.advance(600_001);
  }
  assert.equal(events().length, 12);
  assert.ok(events().every((e) => !e.message.startsWith('(combined')));
});

test('event recorder: the spam filter lets a burst of 25 through per source and object, then 1 per 300s', () => {
  const seen: CoreEvent[] = [];
  const { loop, client, recorder, pod, events } = setup({ onEvent: (e) => seen.push(e) });
  const pod2 = client.create<KubeObject>('pods', { metadata: { namespace: 'ns1', name: 'web-1' } });
  const type: EventType = 'Normal';
  // Identical events also spend tokens: 30 of them reach a count of 25.
  for (let i = 0; i < 30; i++) recorder.event(pod, type, 'Same', 'same');
  assert.equal(events()[0].count, 25);
  assert.equal(seen.length, 30, 'onEvent sees every generated event, dropped ones too');
  for (let i = 0; i < 3; i++) recorder.event(pod2, type, `R${i}`, 'm');
  assert.equal(events().length, 4, 'another object has its own bucket');

  const before = events().length;
  recorder.event(pod, type, 'Other', 'x');
  assert.equal(events().length, before, 'dropped');
  loop.advance(300_000);
  recorder.event(pod, type, 'Other', 'x');
  recorder.event(pod, type, 'Other2', 'y');
  assert.equal(events().length, before + 1, 'one token refilled after 300s');

  const other = new EventRecorder(client, loop, { component: 'kubelet' });
  other.event(pod, type, 'Started', 'z');
  assert.equal(events().length, before + 2, 'another source has its own bucket');
});

test('event recorder: transport errors are retried 10s apart up to 12 tries; server rejections are final', () => {
  const { loop, client, recorder, pod, events, errors } = setup();
  for (let i = 0; i < 3; i++) client.failNext('create', new Error('connection refused'), 'events');
  recorder.event(pod, 'Normal', 'A', 'a');
  assert.equal(events().length, 0);
  assert.equal(loop.settle(), true);
  assert.equal(loop.now, 30_000);
  assert.equal(events().length, 1);

  client.failNext('create', statusError(403, 'Forbidden', 'events is forbidden'), 'events');
  recorder.event(pod, 'Normal', 'B', 'b');
  assert.equal(loop.pendingForeground, 0);
  assert.equal(events().length, 1);
  assert.equal((errors[0] as { reason: string }).reason, 'Forbidden');

  for (let i = 0; i < 12; i++) client.failNext('create', new Error('connection refused'), 'events');
  const t0 = loop.now;
  recorder.event(pod, 'Normal', 'C', 'c');
  loop.settle();
  assert.equal(loop.now - t0, 110_000);
  assert.equal(events().length, 1);
  assert.match(String(errors[1]), /retry limit exceeded/);
});

test('event recorder: the first retry pause is randomized when an Rng is given', () => {
  const rng = new Rng(3);
  rng.float(); // the first draw of a small seed is close to 1
  const { loop, client, recorder, pod, events } = setup({ rng });
  client.failNext('create', new Error('connection refused'), 'events');
  recorder.event(pod, 'Normal', 'A', 'a');
  loop.settle();
  assert.equal(events().length, 1);
  assert.ok(loop.now < 10_000, `${loop.now}`);
});

test('event recorder: a patch of a deleted Event creates it again', () => {
  const { client, recorder, pod, events } = setup();
  recorder.event(pod, 'Normal', 'A', 'a');
  client.delete('events', 'ns1', events()[0].metadata.name);
  recorder.event(pod, 'Normal', 'A', 'a');
  assert.equal(events().length, 1);
  assert.equal(events()[0].count, 2);
});

test('event recorder: eventf formats like Go; references with a fieldPath are used as is', () => {
  const { recorder, pod, events } = setup();
  recorder.eventf(pod, 'Normal', 'SuccessfulCreate', 'Created pod: %s (%d of %v) %q', 'web-0', 1, 3, 'x');
  recorder.event(
    { kind: 'Pod', namespace: 'ns1', name: 'web-0', uid: 'u', apiVersion: 'v1', fieldPath: 'spec.containers{web}' },
    'Normal',
    'Pulled',
    'Container image "nginx" already present on machine',
  );
  assert.equal(events()[0].message, 'Created pod: web-0 (1 of 3) "x"');
  assert.equal(events()[1].involvedObject.fieldPath, 'spec.containers{web}');
  void pod;
});

test('event recorder: bad types and objects without a kind are not recorded', () => {
  const { recorder, events, errors } = setup();
  recorder.event({ metadata: { name: 'x' } }, 'Normal', 'R', 'm');
  recorder.event({ kind: 'Pod', metadata: { name: 'x' } }, 'Bogus' as EventType, 'R', 'm');
  assert.equal(events().length, 0);
  assert.equal(errors.length, 2);
});

test('formatRFC3339 drops the milliseconds', () => {
  assert.equal(formatRFC3339(Date.UTC(2025, 0, 1, 0, 0, 5, 999)), '2025-01-01T00:00:05Z');
});

test('events cache LRU: get and add make a key the most recent, peek does not; the least recent is evicted', () => {
  const order = (l: Lru<number>) => {
    // Evicting one key at a time by adding fresh ones shows the order, least recent first.
    const seen: string[] = [];
    for (let i = 0; i < l.maxEntries; i++) {
      const before = new Set(['a', 'b', 'c'].filter((k) => l.peek(k) !== undefined));
      l.add(`fresh-${i}`, 0);
      for (const k of before) if (l.peek(k) === undefined) seen.push(k);
    }
    return seen;
  };
  const fill = () => {
    const l = new Lru<number>(3);
    l.add('a', 1);
    l.add('b', 2);
    l.add('c', 3);
    return l;
  };
  assert.deepEqual(order(fill()), ['a', 'b', 'c']);
  const got = fill();
  assert.equal(got.get('a'), 1);
  assert.deepEqual(order(got), ['b', 'c', 'a'], 'get makes a the most recent');
  const peeked = fill();
  assert.equal(peeked.peek('a'), 1);
  assert.deepEqual(order(peeked), ['a', 'b', 'c'], 'peek leaves the order');
  // The correlator's pattern: a lookup always followed by add. peek + add ends as get + add.
  const viaGet = fill();
  viaGet.get('b');
  viaGet.add('b', 20);
  const viaPeek = fill();
  viaPeek.peek('b');
  viaPeek.add('b', 20);
  assert.deepEqual(order(viaPeek), order(viaGet));
});

test('events cache LRU: any sequence of get, peek and add agrees with a list kept in recency order', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 5 }),
      fc.array(fc.tuple(fc.constantFrom('get', 'peek', 'add'), fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g'), fc.integer()), { maxLength: 60 }),
      (max, ops) => {
        const lru = new Lru<number>(max);
        // The model: most recent first.
        let model: [string, number][] = [];
        for (const [op, key, value] of ops) {
          const at = model.findIndex(([k]) => k === key);
          if (op === 'add') {
            if (at >= 0) model.splice(at, 1);
            model.unshift([key, value]);
            if (model.length > max) model.pop();
            lru.add(key, value);
          } else {
            const want = at >= 0 ? model[at][1] : undefined;
            if (op === 'get' && at >= 0) model.unshift(...model.splice(at, 1));
            assert.equal(op === 'get' ? lru.get(key) : lru.peek(key), want);
          }
          assert.equal(lru.size, model.length);
        }
        for (const [k, v] of model) assert.equal(lru.peek(k), v);
      },
    ),
  );
});
