import type { KubeObject } from '../api/object';
import { DEFAULT_NODE } from './node_spec';
import type { NodeSpec } from './node_spec';

/**
 * The Node object a kubelet registers for `spec` (index = the node's position, for its podCIDR and
 * address): capacity and allocatable (no reservations: system components take no capacity here),
 * the well-known labels, and the healthy conditions of fact 143.
 */
export function nodeObject(spec: NodeSpec, index: number, now: string): KubeObject {
  const labels: Record<string, string> = {
    'kubernetes.io/hostname': spec.name,
    'kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'beta.kubernetes.io/arch': 'amd64',
    ...(spec.zone ? { 'topology.kubernetes.io/zone': spec.zone } : {}),
    ...(spec.labels ?? {}),
  };
  const resources = {
    cpu: spec.cpu ?? DEFAULT_NODE.cpu,
    memory: spec.memory ?? DEFAULT_NODE.memory,
    pods: String(spec.pods ?? DEFAULT_NODE.pods),
    'ephemeral-storage': '100Gi',
  };
  const condition = (type: string, status: string, reason: string, message: string) => ({
    type,
    status,
    lastHeartbeatTime: now,
    lastTransitionTime: now,
    reason,
    message,
  });
  const node: KubeObject = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: spec.name, labels, annotations: { 'node.alpha.kubernetes.io/ttl': '0' } },
    spec: {
      podCIDR: `10.244.${index}.0/24`,
      podCIDRs: [`10.244.${index}.0/24`],
      ...(spec.taints?.length ? { taints: spec.taints.map((t) => ({ ...t })) } : {}),
      ...(spec.unschedulable ? { unschedulable: true } : {}),
    },
    status: {
      capacity: resources,
      allocatable: { ...resources },
      conditions: [
        condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
        condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
        condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
        condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
      ],
      addresses: [
        { type: 'InternalIP', address: `172.18.${Math.floor((index + 2) / 256)}.${(index + 2) % 256}` },
        { type: 'Hostname', address: spec.name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
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
      },
      images: (spec.images ?? []).map((i) => ({ names: [i.name], sizeBytes: i.sizeBytes })),
    },
  };
  return node;
}
