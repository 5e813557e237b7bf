// quantityOf reads request quantities for the scheduler (milli-units for cpu, base units for the
// rest) and remembers what it read; a remembered value must be exactly the parsed one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1';
import { DEFAULT_MEMORY_REQUEST, DEFAULT_MILLI_CPU_REQUEST, podRequests, quantityOf } from '../src/scheduler/framework/types';

test('quantityOf: cpu in milli-units, the rest in base units, the same on every call', () => {
  const cases: [string, string | number, number][] = [
    ['cpu', '100m', 100],
    ['cpu', '1', 1000],
    ['cpu', 2, 2000],
    ['cpu', '1.5', 1500],
    ['memory', '128Mi', 128 * 1024 * 1024],
    ['memory', '1G', 1e9],
    ['memory', '100m', 1], // 0.1 byte rounds up, as upstream's Value()
    ['nvidia.com/gpu', 2, 2],
    ['ephemeral-storage', '1Ki', 1024],
  ];
  for (let round = 0; round < 2; round++) {
    for (const [name, q, want] of cases) assert.equal(quantityOf(name, q), want, `${name} ${q} (call ${round + 1})`);
  }
});

test('quantityOf: the same string means different units for cpu and for memory', () => {
  assert.equal(quantityOf('memory', '250m'), 1);
  assert.equal(quantityOf('cpu', '250m'), 250);
  assert.equal(quantityOf('memory', '250m'), 1);
});

test('quantityOf: a malformed quantity throws on every call, and is not remembered', () => {
  assert.throws(() => quantityOf('cpu', '1x'));
  assert.throws(() => quantityOf('cpu', '1x'));
});

test('quantityOf: values stay right past the memo’s bound (it is cleared, not wrong)', () => {
  for (let i = 0; i < 5000; i++) assert.equal(quantityOf('memory', `${i}Ki`), i * 1024);
  assert.equal(quantityOf('memory', '3Ki'), 3072);
  assert.equal(quantityOf('cpu', `${4999}m`), 4999);
});

// Upstream resource.PodRequests (fact 59 for the non-zero variant): containers summed, init
// containers as a running max (restartable sidecars added to the sum), overhead on top.
type C = { name: string; restartPolicy?: string; resources?: { requests?: Record<string, string | number> } };
const podOf = (containers: C[], initContainers?: C[] | null, overhead?: Record<string, string>): Pod =>
  ({ metadata: { name: 'p' }, spec: { containers, initContainers, overhead } }) as unknown as Pod;
const req = (cpu?: string, memory?: string, extra: Record<string, string | number> = {}): C => ({
  name: 'c',
  resources: { requests: { ...(cpu !== undefined ? { cpu } : {}), ...(memory !== undefined ? { memory } : {}), ...extra } },
});
const Mi = 1024 * 1024;

const requestCases: [string, Pod, [number, number, Record<string, number>], [number, number]][] = [
  ['one container', podOf([req('100m', '128Mi')]), [100, 128 * Mi, {}], [100, 128 * Mi]],
  ['containers add up', podOf([req('100m', '128Mi'), req('250m', '1Gi')]), [350, 1152 * Mi, {}], [350, 1152 * Mi]],
  ['a missing request counts as the default only for non-zero', podOf([req(undefined, '64Mi'), req('200m')]), [200, 64 * Mi, {}], [300, 264 * Mi]],
  ['an explicit zero is not defaulted', podOf([req('0', '0')]), [0, 0, {}], [0, 0]],
  ['a container without resources', podOf([{ name: 'c' }]), [0, 0, {}], [DEFAULT_MILLI_CPU_REQUEST, DEFAULT_MEMORY_REQUEST]],
  ['scalar resources add up', podOf([req('1', undefined, { 'nvidia.com/gpu': 1 }), req(undefined, undefined, { 'nvidia.com/gpu': '2' })]), [1000, 0, { 'nvidia.com/gpu': 3 }], [1100, 2 * DEFAULT_MEMORY_REQUEST]],
  ['a bigger init container wins per resource', podOf([req('100m', '1Gi')], [req('2', '64Mi')]), [2000, 1024 * Mi, {}], [2000, 1024 * Mi]],
  ['a sidecar adds to the sum and to later init containers', podOf([req('100m', '64Mi')], [{ ...req('50m', '32Mi'), restartPolicy: 'Always' }, req('100m', '16Mi')]), [150, 96 * Mi, {}], [150, 96 * Mi]],
  ['null initContainers', podOf([req('100m', '64Mi')], null), [100, 64 * Mi, {}], [100, 64 * Mi]],
  ['overhead on top', podOf([req('100m', '64Mi')], [], { cpu: '10m', memory: '1Mi' }), [110, 65 * Mi, {}], [110, 65 * Mi]],
];
for (const [name, pod, [cpu, mem, scalars], [nzCpu, nzMem]] of requestCases) {
  test(`podRequests: ${name}`, () => {
    const real = podRequests(pod);
    assert.deepEqual([real.milliCPU, real.memory, real.scalarResources], [cpu, mem, scalars]);
    const nz = podRequests(pod, true);
    assert.deepEqual([nz.milliCPU, nz.memory], [nzCpu, nzMem]);
  });
}
