import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HostLocalIpam } from '../src/kubelet/ipam';

// The node's pod addresses: host-local IPAM over the node's /24 podCIDR, .2 to .254 (.1 is the bridge).

test('addresses come from the podCIDR, lowest free first, starting at .2', () => {
  const cases = [
    { cidr: '10.244.0.0/24', first: '10.244.0.2', second: '10.244.0.3' },
    { cidr: '10.244.17.0/24', first: '10.244.17.2', second: '10.244.17.3' },
    { cidr: '10.245.3.0/24', first: '10.245.3.2', second: '10.245.3.3' },
  ];
  for (const k of cases) {
    const ipam = new HostLocalIpam(k.cidr);
    assert.equal(ipam.cidr, k.cidr);
    assert.equal(ipam.allocate('uid-a'), k.first, k.cidr);
    assert.equal(ipam.allocate('uid-b'), k.second, k.cidr);
  }
});

test('allocate is idempotent per owner', () => {
  const ipam = new HostLocalIpam('10.244.1.0/24');
  assert.equal(ipam.allocate('a'), '10.244.1.2');
  assert.equal(ipam.allocate('a'), '10.244.1.2');
  assert.equal(ipam.allocate('b'), '10.244.1.3', 'asking again did not use up an address');
});

test('release gives the address back; the lowest free one is reused first', () => {
  const ipam = new HostLocalIpam('10.244.1.0/24');
  for (const o of ['a', 'b', 'c', 'd']) ipam.allocate(o); // .2 .3 .4 .5
  ipam.release('c');
  ipam.release('b');
  assert.equal(ipam.allocate('e'), '10.244.1.3');
  assert.equal(ipam.allocate('f'), '10.244.1.4');
  assert.equal(ipam.allocate('g'), '10.244.1.6');
  // A released owner that comes back gets a fresh address, not a stale one.
  ipam.release('a');
  assert.equal(ipam.allocate('h'), '10.244.1.2');
  assert.equal(ipam.allocate('a'), '10.244.1.7');
});

test('release of an owner without an address, or twice, changes nothing', () => {
  const ipam = new HostLocalIpam('10.244.1.0/24');
  ipam.allocate('a');
  ipam.release('nobody');
  ipam.release('a');
  ipam.release('a');
  assert.equal(ipam.allocate('b'), '10.244.1.2');
  assert.equal(ipam.allocate('c'), '10.244.1.3');
});

test('253 addresses (.2-.254); then allocation fails until one is released', () => {
  const ipam = new HostLocalIpam('10.244.2.0/24');
  const got = new Set<string>();
  for (let i = 0; i < 253; i++) {
    const ip = ipam.allocate(`p${i}`);
    assert.ok(ip, `address ${i}`);
    got.add(ip);
  }
  assert.equal(got.size, 253, 'all distinct');
  assert.ok(got.has('10.244.2.2') && got.has('10.244.2.254'));
  assert.ok(!got.has('10.244.2.1') && !got.has('10.244.2.0') && !got.has('10.244.2.255'), 'no bridge, network or broadcast address');
  assert.equal(ipam.allocate('one-too-many'), undefined);
  assert.equal(ipam.allocate('one-too-many'), undefined, 'a failed allocation leaves nothing behind');
  // An owner that has one still gets it when the range is full.
  assert.equal(ipam.allocate('p0'), '10.244.2.2');
  ipam.release('p100');
  assert.equal(ipam.allocate('one-too-many'), '10.244.2.102');
  assert.equal(ipam.allocate('another'), undefined);
});

test('the exhaustion message is host-local CNI\'s, over the node\'s range', () => {
  const cases = [
    { cidr: '10.244.2.0/24', msg: 'failed to allocate for range 0: no IP addresses available in range set: 10.244.2.1-10.244.2.254' },
    { cidr: '10.245.0.0/24', msg: 'failed to allocate for range 0: no IP addresses available in range set: 10.245.0.1-10.245.0.254' },
  ];
  for (const k of cases) assert.equal(new HostLocalIpam(k.cidr).exhaustedMessage(), k.msg);
});

test('nodes do not share state', () => {
  const a = new HostLocalIpam('10.244.0.0/24');
  const b = new HostLocalIpam('10.244.1.0/24');
  assert.equal(a.allocate('x'), '10.244.0.2');
  assert.equal(b.allocate('x'), '10.244.1.2');
  a.release('x');
  assert.equal(b.allocate('x'), '10.244.1.2');
});
