// PrioritySort: upstream priority_sort_test.go (TestLess), fact 73.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1';
import type { QueuedPodInfo } from '../src/scheduler/framework/interface';
import { PodInfo } from '../src/scheduler/framework/types';
import { create, PrioritySort } from '../src/scheduler/plugins/queuesort';
import { FakeHandle } from './support/fake_handle';

const qpi = (priority: number | undefined, timestamp: number): QueuedPodInfo => {
  const pod: Pod = { metadata: { name: 'p', namespace: 'default' }, spec: { containers: [], ...(priority === undefined ? {} : { priority }) } };
  return { podInfo: new PodInfo(pod), timestamp, attempts: 0, unschedulablePlugins: new Set(), pendingPlugins: new Set(), gated: false };
};

test('PrioritySort.less (upstream TestLess, fact 73)', () => {
  const lowPriority = -10;
  const highPriority = 10;
  const t1 = 1_000;
  const t2 = 2_000;
  const cases: { name: string; a: QueuedPodInfo; b: QueuedPodInfo; want: boolean }[] = [
    { name: 'p1.priority less than p2.priority', a: qpi(lowPriority, t1), b: qpi(highPriority, t1), want: false },
    { name: 'p1.priority greater than p2.priority', a: qpi(highPriority, t1), b: qpi(lowPriority, t1), want: true },
    { name: 'equal priority. p1 is added to schedulingQ earlier than p2', a: qpi(highPriority, t1), b: qpi(highPriority, t2), want: true },
    { name: 'equal priority. p2 is added to schedulingQ earlier than p1', a: qpi(highPriority, t2), b: qpi(highPriority, t1), want: false },
    { name: 'equal priority and timestamp', a: qpi(highPriority, t1), b: qpi(highPriority, t1), want: false },
    { name: 'an unset priority counts as 0', a: qpi(undefined, t2), b: qpi(-1, t1), want: true },
  ];
  const p = create(undefined, new FakeHandle()) as PrioritySort;
  for (const c of cases) assert.equal(p.less(c.a, c.b), c.want, c.name);
});
