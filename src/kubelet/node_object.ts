import type { KubeObject } from '../api/object';
import { DEFAULT_NODE } from './node_spec';
import type { NodeSpec } from './node_spec';

/**
 * The Node object a kubelet registers for `spec` (index = the node's position, for its podCIDR and
 * address): capacity and allocatable (no reservations: system components take no capacity here),
 * the well-known labels, and the healthy conditions of fact 143.
 */
export function nodeObject(spec: NodeSpec, index: number, now: string): KubeObject {
  const condition = (type: string, status: string, reason: string, message: string) => ({
    type,
    status,
    lastHeartbeatTime: now,
    lastTransitionTime: now,
    reason,
    message,
  });
  const cidr = podCIDR(index);
  const node: KubeObject = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: spec.name, labels: nodeLabels(spec), annotations: { 'node.alpha.kubernetes.io/ttl': '0' } },
    spec: {
      podCIDR: cidr,
      podCIDRs: [cidr],
      ...(spec.taints?.length ? { taints: spec.taints.map((t) => ({ ...t })) } : {}),
      ...(spec.unschedulable ? { unschedulable: true } : {}),
    },
    status: {
      capacity: nodeResources(spec),
      allocatable: nodeResources(spec),
      conditions: [
        condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
        condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
        condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
        condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
      ],
      addresses: nodeAddresses(spec, index),
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: nodeInfo(),
      images: (spec.images ?? []).map((i) => ({ names: [i.name], sizeBytes: i.sizeBytes })),
    },
  };
  return node;
}

/** The labels the kubelet sets on its Node (kubelet initialNode), then the scenario's own. */
export function nodeLabels(spec: NodeSpec): Record<string, string> {
  return {
    'kubernetes.io/hostname': spec.name,
    'kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'beta.kubernetes.io/arch': 'amd64',
    ...(spec.zone ? { 'topology.kubernetes.io/zone': spec.zone } : {}),
    ...(spec.labels ?? {}),
  };
}

/** Capacity, which is also allocatable: the simulated node reserves nothing for the system. */
export function nodeResources(spec: NodeSpec): Record<string, string> {
  return {
    cpu: spec.cpu ?? DEFAULT_NODE.cpu,
    memory: spec.memory ?? DEFAULT_NODE.memory,
    pods: String(spec.pods ?? DEFAULT_NODE.pods),
    'ephemeral-storage': '100Gi',
  };
}

/**
 * The node's pod range: `10.244.<index>.0/24` as kubeadm's default 10.244.0.0/16 cluster CIDR
 * hands them out; nodes past the 256th continue in 10.245.0.0/16 and on, so every node gets a
 * distinct, valid range.
 */
export function podCIDR(index: number): string {
  return `10.${244 + Math.floor(index / 256)}.${index % 256}.0/24`;
}

/** The node's InternalIP, as kind numbers its containers on the 172.18.0.0/16 docker network. */
export function nodeInternalIP(index: number): string {
  return `172.18.${Math.floor((index + 2) / 256)}.${(index + 2) % 256}`;
}

export function nodeAddresses(spec: NodeSpec, index: number): { type: string; address: string }[] {
  return [
    { type: 'InternalIP', address: nodeInternalIP(index) },
    { type: 'Hostname', address: spec.name },
  ];
}

/** status.nodeInfo as the VersionInfo and GoRuntime setters report it for the simulated machine. */
export function nodeInfo(): Record<string, string> {
  return {
    machineID: '',
    systemUUID: '',
    bootID: '',
    kernelVersion: '6.1.0-kubespec',
    osImage: 'kubespec simulated node',
    containerRuntimeVersion: 'containerd://1.7.24',
    kubeletVersion: 'v1.32.0',
    kubeProxyVersion: 'v1.32.0',
    operatingSystem: 'linux',
    architecture: 'amd64',
  };
}
