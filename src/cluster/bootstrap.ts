import type { KubeObject } from '../api/object';
import type { Client } from '../client/types';

/** The namespaces every cluster starts with (kubeadm/kind). */
export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/**
 * What a new kubeadm/kind cluster already holds (STEPS.md, "What a new cluster already has"),
 * written through the API like the components that create them upstream would.
 */
export function bootstrapObjects(): { resource: string; object: KubeObject }[] {
  const out: { resource: string; object: KubeObject }[] = [];
  for (const name of SYSTEM_NAMESPACES) out.push({ resource: 'namespaces', object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } } });
  for (const ns of SYSTEM_NAMESPACES) {
    out.push({ resource: 'serviceaccounts', object: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: ns } } });
  }
  out.push({
    resource: 'services',
    object: {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
      spec: { type: 'ClusterIP', clusterIP: '10.96.0.1', clusterIPs: ['10.96.0.1'], ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }] },
    },
  });
  out.push({
    resource: 'services',
    object: {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'kube-dns',
        namespace: 'kube-system',
        labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' },
      },
      spec: {
        selector: { 'k8s-app': 'kube-dns' },
        clusterIP: '10.96.0.10',
        clusterIPs: ['10.96.0.10'],
        ports: [
          { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
          { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
          { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
        ],
      },
    },
  });
  out.push({
    resource: 'storageclasses.storage.k8s.io',
    object: {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
      provisioner: 'kubespec.io/hostpath',
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'WaitForFirstConsumer',
    },
  });
  out.push({
    resource: 'ingressclasses.networking.k8s.io',
    object: {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'IngressClass',
      metadata: { name: 'kubespec', annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } },
      spec: { controller: 'kubespec.io/ingress-controller' },
    },
  });
  return out;
}

export function bootstrap(client: Client): void {
  for (const { resource, object } of bootstrapObjects()) client.create(resource, object);
}
