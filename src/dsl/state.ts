import { stringify } from 'yaml';
import type { KubeObject } from '../api/object';
import type { Cluster } from '../cluster/cluster';
import { formatDuration } from '../api/duration';

/** Resources left out of the state dump: noise for a reader (leases renew, events have their own timeline). */
const NOISY = new Set(['events', 'leases.coordination.k8s.io']);

/** Every object in the cluster as one multi-document YAML, in etcd key order (for the report). */
export function stateYaml(cluster: Cluster): string {
  const docs: string[] = [];
  for (const info of cluster.registry.all()) {
    if (NOISY.has(info.name)) continue;
    for (const obj of cluster.apiserver.list(info.name).items) docs.push(stringify(withoutLastApplied(obj)));
  }
  return docs.join('---\n');
}

function withoutLastApplied(obj: KubeObject): KubeObject {
  const ann = obj.metadata?.annotations;
  if (!ann || !('kubectl.kubernetes.io/last-applied-configuration' in ann)) return obj;
  const { ['kubectl.kubernetes.io/last-applied-configuration']: _drop, ...rest } = ann;
  return { ...obj, metadata: { ...obj.metadata, annotations: rest } };
}

/**
 * The scenario as a timeline: one line per API write and per Kubernetes Event, with the virtual
 * time, who did it and to what.
 */
export function timeline(cluster: Cluster): string {
  const lines: string[] = [];
  for (const e of cluster.log.entries) {
    const t = `T+${formatDuration(e.t)}`.padEnd(12);
    if (e.source === 'apiserver') {
      const obj = `${e.resource} ${e.namespace ? `${e.namespace}/` : ''}${e.name}`;
      if (e.resource === 'events') continue;
      lines.push(`${t} ${String(e.user).padEnd(28)} ${String(e.type).padEnd(13)} ${obj} (rv ${e.rv})`);
    } else {
      const { t: _t, source, type, ...rest } = e;
      lines.push(`${t} ${source.padEnd(28)} ${type.padEnd(13)} ${JSON.stringify(rest)}`);
    }
  }
  for (const ev of cluster.apiserver.list('events').items as KubeObject[]) {
    const o = ev as unknown as { lastTimestamp?: string; type?: string; reason?: string; message?: string; count?: number; involvedObject?: { kind?: string; name?: string } };
    lines.push(`event ${o.lastTimestamp ?? ''} ${o.type} ${o.reason} ${o.involvedObject?.kind}/${o.involvedObject?.name}: ${o.message}${o.count && o.count > 1 ? ` (x${o.count})` : ''}`);
  }
  return lines.join('\n');
}
