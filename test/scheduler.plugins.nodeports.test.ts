// NodePorts: upstream node_ports_test.go (TestNodePorts, TestPreFilterDisabled, TestFits), fact 78.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ContainerPort, Pod } from 'kubernetes-types/core/v1';
import { CycleState } from '../src/scheduler/framework/cycle_state';
import { Code } from '../src/scheduler/framework/status';
import { NodeInfo, PodInfo } from '../src/scheduler/framework/types';
import { create, ERR_REASON, fits, NodePorts } from '../src/scheduler/plugins/nodeports';
import { FakeHandle } from './support/fake_handle';

/** `PROTO/IP/PORT` strings, as upstream's newPod. */
function newPod(host: string, ...hostPortInfos: string[]): Pod {
  const ports: ContainerPort[] = hostPortInfos.map((s) => {
    const [protocol, hostIP, port] = s.split('/');
    return { containerPort: Number(port), hostIP, hostPort: Number(port), protocol };
  });
  return { metadata: { name: 'p', namespace: 'default', uid: `${host}-${hostPortInfos.join(',')}` }, spec: { nodeName: host, containers: [{ name: 'c', ports }] } };
}
function nodeInfoWith(...pods: Pod[]): NodeInfo {
  const ni = new NodeInfo({ metadata: { name: 'm1' } });
  for (const p of pods) ni.addPod(new PodInfo(p));
  return ni;
}

test('NodePorts PreFilter/Filter (upstream TestNodePorts)', () => {
  const cases: { name: string; pod: Pod; nodeInfo: NodeInfo; wantPreFilterSkip?: boolean; wantConflict?: boolean }[] = [
    { name: 'skip filter', pod: { spec: { containers: [] } }, nodeInfo: nodeInfoWith(), wantPreFilterSkip: true },
    { name: 'other port', pod: newPod('m1', 'UDP/127.0.0.1/8080'), nodeInfo: nodeInfoWith(newPod('m1', 'UDP/127.0.0.1/9090')) },
    { name: 'same udp port', pod: newPod('m1', 'UDP/127.0.0.1/8080'), nodeInfo: nodeInfoWith(newPod('m1', 'UDP/127.0.0.1/8080')), wantConflict: true },
    { name: 'same tcp port', pod: newPod('m1', 'TCP/127.0.0.1/8080'), nodeInfo: nodeInfoWith(newPod('m1', 'TCP/127.0.0.1/8080')), wantConflict: true },
    { name: 'different host ip', pod: newPod('m1', 'TCP/127.0.0.1/8080'), nodeInfo: nodeInfoWith(newPod('m1', 'TCP/127.0.0.2/8080')) },
    { name: 'different protocol', pod: newPod('m1', 'UDP/127.0.0.1/8080'), nodeInfo: nodeInfoWith(newPod('m1', 'TCP/127.0.0.1/8080')) },
    {
      name: 'second udp port conflict',
      pod: newPod('m1', 'UDP/127.0.0.1/8000', 'UDP/127.0.0.1/8080'),
      nodeInfo: nodeInfoWith(newPod('m1', 'UDP/127.0.0.1/8080')),
      wantConflict: true,
    },
    {
      name: 'first tcp port conflict',
      pod: newPod('m1', 'TCP/127.0.0.1/8001', 'UDP/127.0.0.1/8080'),
      nodeInfo: nodeInfoWith(newPod('m1', 'TCP/127.0.0.1/8001', 'UDP/127.0.0.1/8081')),
      wantConflict: true,
    },
    {
      name: 'first tcp port conflict due to 0.0.0.0 hostIP',
      pod: newPod('m1', 'TCP/0.0.0.0/8001'),
      nodeInfo: nodeInfoWith(newPod('m1', 'TCP/127.0.0.1/8001')),
      wantConflict: true,
    },
    {
      name: 'TCP hostPort conflict due to 0.0.0.0 hostIP',
      pod: newPod('m1', 'TCP/10.0.10.10/8001', 'TCP/0.0.0.0/8001'),
      nodeInfo: nodeInfoWith(newPod('m1', 'TCP/127.0.0.1/8001')),
      wantConflict: true,
    },
    {
      name: 'second tcp port conflict to 0.0.0.0 hostIP',
      pod: newPod('m1', 'TCP/127.0.0.1/8001'),
      nodeInfo: nodeInfoWith(newPod('m1', 'TCP/0.0.0.0/8001')),
      wantConflict: true,
    },
    { name: 'second different protocol', pod: newPod('m1', 'UDP/127.0.0.1/8001'), nodeInfo: nodeInfoWith(newPod('m1', 'TCP/0.0.0.0/8001')) },
    {
      name: 'UDP hostPort conflict due to 0.0.0.0 hostIP',
      pod: newPod('m1', 'UDP/127.0.0.1/8001'),
      nodeInfo: nodeInfoWith(newPod('m1', 'TCP/0.0.0.0/8001', 'UDP/0.0.0.0/8001')),
      wantConflict: true,
    },
    {
      name: 'non-sidecar initContainer using hostPort',
      pod: { spec: { containers: [], initContainers: [{ name: 'i', ports: [{ containerPort: 8001, hostPort: 8001, protocol: 'TCP' }] }] } },
      nodeInfo: nodeInfoWith(newPod('m1', 'TCP/0.0.0.0/8001')),
      wantPreFilterSkip: true,
    },
    {
      name: 'TCP hostPort conflict from sidecar initContainer',
      pod: { spec: { containers: [], initContainers: [{ name: 'i', restartPolicy: 'Always', ports: [{ containerPort: 8001, hostPort: 8001, protocol: 'TCP' }] }] } },
      nodeInfo: nodeInfoWith(newPod('m1', 'TCP/0.0.0.0/8001')),
      wantConflict: true,
    },
  ];
  const p = create(undefined, new FakeHandle()) as NodePorts;
  for (const c of cases) {
    const state = new CycleState();
    const { status } = p.preFilter(state, c.pod, []);
    if (c.wantPreFilterSkip) {
      assert.equal(status.code, Code.Skip, c.name);
      continue;
    }
    assert.ok(status.isSuccess(), c.name);
    const s = p.filter(state, c.pod, c.nodeInfo);
    if (c.wantConflict) {
      assert.equal(s.code, Code.Unschedulable, c.name);
      assert.deepEqual(s.reasons, [ERR_REASON], c.name);
    } else assert.ok(s.isSuccess(), c.name);
  }
});

test('NodePorts Filter without PreFilter is an error (upstream TestPreFilterDisabled)', () => {
  const p = create(undefined, new FakeHandle()) as NodePorts;
  const s = p.filter(new CycleState(), { spec: { containers: [] } }, new NodeInfo({ metadata: { name: 'n' } }));
  assert.equal(s.code, Code.Error);
});

test('nodeports.fits (upstream TestFits)', () => {
  const cases: { desc: string; pod: Pod; existing: NodeInfo; expect: boolean }[] = [
    { desc: 'non-conflicting ports', pod: newPod('p', 'TCP/127.0.0.1/80'), existing: nodeInfoWith(newPod('p1', 'TCP/127.0.0.1/9090')), expect: true },
    {
      desc: 'multiple non-conflicting ports',
      pod: newPod('p', 'TCP/127.0.0.1/80', 'TCP/127.0.1.1/80', 'TCP/127.0.1.1/90', 'TCP/127.0.1.1/100'),
      existing: nodeInfoWith(newPod('p1', 'TCP/127.0.0.1/9090', 'TCP/127.0.0.1/9191', 'TCP/127.0.1.1/8080')),
      expect: true,
    },
    { desc: 'same ports on different protocols', pod: newPod('m1', 'TCP/127.0.0.1/80'), existing: nodeInfoWith(newPod('p1', 'UDP/127.0.0.1/80')), expect: true },
    { desc: 'conflicting ports', pod: newPod('m1', 'TCP/127.0.0.1/80'), existing: nodeInfoWith(newPod('p1', 'TCP/127.0.0.1/80')), expect: false },
    {
      desc: 'multiple ports, some conflicting',
      pod: newPod('p', 'TCP/127.0.0.1/80', 'TCP/127.0.1.1/80', 'TCP/127.0.1.1/90', 'TCP/127.0.1.1/100'),
      existing: nodeInfoWith(newPod('p1', 'TCP/127.0.0.1/9090', 'TCP/127.0.1.1/90', 'TCP/127.0.1.1/8080')),
      expect: false,
    },
  ];
  for (const c of cases) assert.equal(fits(c.pod, c.existing), c.expect, c.desc);
});
