// KeyedHeap (backend/queue/heap.ts) against a model: a list kept in (priority, insertion) order.
// Random adds, updates, deletes and pops must give the same items in the same order, so pop's
// Floyd sift-down is checked to keep the order of the plain one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { KeyedHeap } from '../src/scheduler/backend/queue/heap';

interface Item {
  key: string;
  prio: number;
}

type Op = { op: 'add'; key: string; prio: number } | { op: 'delete'; key: string } | { op: 'pop' };

const keyArb = fc.constantFrom(...Array.from({ length: 12 }, (_, i) => `k${i}`));
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('add' as const), key: keyArb, prio: fc.integer({ min: 0, max: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('delete' as const), key: keyArb }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('pop' as const) }) },
);

test('KeyedHeap pops in (order, insertion) order through adds, updates and deletes', () => {
  fc.assert(
    fc.property(fc.array(opArb, { maxLength: 80 }), (ops) => {
      const heap = new KeyedHeap<Item>(
        (x) => x.key,
        (a, b) => a.prio > b.prio,
      );
      // The model: entries with their insertion rank; an update keeps the rank (FIFO among equals).
      const model = new Map<string, { item: Item; seq: number }>();
      let seq = 0;
      const least = () => [...model.values()].sort((a, b) => b.item.prio - a.item.prio || a.seq - b.seq)[0];
      for (const o of ops) {
        if (o.op === 'add') {
          const item = { key: o.key, prio: o.prio };
          const existing = model.get(o.key);
          model.set(o.key, { item, seq: existing ? existing.seq : seq++ });
          heap.addOrUpdate(item);
        } else if (o.op === 'delete') {
          assert.equal(heap.delete(o.key), model.get(o.key)?.item);
          model.delete(o.key);
        } else {
          const want = least();
          assert.equal(heap.pop(), want?.item);
          if (want) model.delete(want.item.key);
        }
        assert.equal(heap.size, model.size);
        assert.equal(heap.peek(), least()?.item);
      }
      while (model.size > 0) {
        const want = least()!;
        assert.equal(heap.pop(), want.item);
        model.delete(want.item.key);
      }
      assert.equal(heap.pop(), undefined);
    }),
    { seed: 11, numRuns: 500 },
  );
});
