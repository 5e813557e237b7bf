import type { DataTable } from '@cucumber/cucumber';
import { assertion } from './support/assertion';
import type { KubespecWorld } from './support/world';

assertion(
  'the scheduler scores for pod {ref} are:',
  {
    section: 'Scheduling',
    argument: 'table',
    example: 'the scheduler scores for pod "web" are:\n  | node   | plugin                          | score |\n  | node-1 | NodeResourcesFit                | 96    |\n  | node-1 | total                           | 898   |',
    doc: 'The normalized score (0–100, before weights) each score plugin gave each node in the cycle that placed the pod; plugin `total` is the weighted sum. Rows not listed are not checked.',
  },
  function (this: KubespecWorld, ref: string, table: DataTable) {
    return this.driver.checkScores(ref, table.hashes() as never);
  },
);

assertion(
  'pod {ref} was scheduled on node {string}',
  { section: 'Scheduling', example: 'pod "web" was scheduled on node "node-1"', doc: 'The scheduler placed it there (a `Scheduled` event), whatever has happened to it since.' },
  function (this: KubespecWorld, ref: string, node: string) {
    return this.driver.checkScheduledOn(ref, node);
  },
);

assertion(
  'pod {ref} is unschedulable with message {string}',
  {
    section: 'State assertions',
    example: 'pod "big" is unschedulable with message "0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod."',
    doc: "The PodScheduled condition is False (Unschedulable) with exactly this message; `*` matches any text.",
  },
  function (this: KubespecWorld, ref: string, message: string) {
    return this.driver.checkUnschedulable(ref, message);
  },
);

assertion(
  'the drain of node {string} has finished',
  { section: 'Objects', example: 'the drain of node "node-1" has finished', doc: 'Every pod `When I drain node` evicted is gone.' },
  function (this: KubespecWorld, node: string) {
    return this.driver.checkDrained(node);
  },
);

assertion(
  'the drain of node {string} has not finished',
  { section: 'Objects', example: 'the drain of node "node-1" has not finished', doc: 'Some pod `When I drain node` evicted is still there, e.g. while a PodDisruptionBudget refuses its eviction.' },
  function (this: KubespecWorld, node: string) {
    return this.driver.checkDrained(node, false);
  },
);
