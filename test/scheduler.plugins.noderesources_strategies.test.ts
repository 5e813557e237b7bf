// The resource strategies score a batch of nodes per call (ResourceScorer); the usual two-resource
// case (cpu, memory) has its own unrolled loop. Every form must give, node for node, what the
// upstream per-node formula gives (facts 61-63), including resources a node does not have
// (allocatable 0: left out) and requests over capacity. Checked against plain per-node references
// for one, two and three resources.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { balancedResourceScorer } from '../src/scheduler/plugins/noderesources/balanced_allocation';
import { leastRequestedScore, leastResourceScorer } from '../src/scheduler/plugins/noderesources/least_allocated';
import { mostRequestedScore, mostResourceScorer } from '../src/scheduler/plugins/noderesources/most_allocated';

interface Batch {
  weights: number[];
  /** [node][resource] */
  requested: number[][];
  allocatable: number[][];
}

const batchArb: fc.Arbitrary<Batch> = fc.integer({ min: 1, max: 3 }).chain((resources) =>
  fc.record({
    weights: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: resources, maxLength: resources }),
    nodes: fc.array(
      fc.array(
        fc.record({
          // Zero allocatable (the node lacks the resource) and over-requests both occur.
          allocatable: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 64_000 }), fc.constant(34_359_738_368)),
          requested: fc.oneof(fc.integer({ min: 0, max: 80_000 }), fc.constant(1_073_741_824)),
        }),
        { minLength: resources, maxLength: resources },
      ),
      { maxLength: 12 },
    ),
  }).map(({ weights, nodes }) => ({
    weights,
    requested: nodes.map((rs) => rs.map((r) => (r.allocatable === 0 ? 0 : r.requested))),
    allocatable: nodes.map((rs) => rs.map((r) => r.allocatable)),
  })),
);

/** The batch as the strategies take it: one Float64Array per resource, longer than the batch. */
function columns(b: Batch, field: 'requested' | 'allocatable'): Float64Array[] {
  return b.weights.map((_, r) => Float64Array.from([...b[field].map((node) => node[r]), 123, 456]));
}

function weightedMean(b: Batch, node: number, resourceScore: (req: number, alloc: number) => number): number {
  let score = 0;
  let weightSum = 0;
  b.weights.forEach((w, r) => {
    if (b.allocatable[node][r] === 0) return;
    score += resourceScore(b.requested[node][r], b.allocatable[node][r]) * w;
    weightSum += w;
  });
  return weightSum === 0 ? 0 : Math.trunc(score / weightSum);
}

function balanced(b: Batch, node: number): number {
  const fractions = b.weights.flatMap((_, r) => (b.allocatable[node][r] === 0 ? [] : [Math.min(1, b.requested[node][r] / b.allocatable[node][r])]));
  let std = 0;
  if (fractions.length === 2) std = Math.abs((fractions[0] - fractions[1]) / 2);
  else if (fractions.length > 2) {
    const mean = fractions.reduce((a, f) => a + f, 0) / fractions.length;
    std = Math.sqrt(fractions.reduce((a, f) => a + (f - mean) * (f - mean), 0) / fractions.length);
  }
  return Math.trunc((1 - std) * 100);
}

test('facts 61-63: every strategy scores a batch exactly as the per-node formula, for one, two and three resources', () => {
  fc.assert(
    fc.property(batchArb, (b) => {
      const resources = b.weights.map((weight, i) => ({ name: `r${i}`, weight }));
      const cases = [
        ['LeastAllocated', leastResourceScorer(resources), (i: number) => weightedMean(b, i, leastRequestedScore)],
        ['MostAllocated', mostResourceScorer(resources), (i: number) => weightedMean(b, i, mostRequestedScore)],
        ['BalancedAllocation', balancedResourceScorer(resources.length), (i: number) => balanced(b, i)],
      ] as const;
      for (const [name, scorer, want] of cases) {
        const out = b.requested.map(() => -1);
        scorer(columns(b, 'requested'), columns(b, 'allocatable'), b.requested.length, out);
        assert.deepEqual(out, b.requested.map((_, i) => want(i)), `${name}, ${resources.length} resource(s)`);
      }
    }),
    { seed: 13, numRuns: 500 },
  );
});
