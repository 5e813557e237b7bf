import type { LogEntry } from '../sim/eventlog';

/**
 * Which pods belong to a workload, over the whole scenario, from the API server's log: a pod
 * belongs to `Kind/name` when its controller owner is that object or an object that one owns
 * (a Deployment's pods are owned by its ReplicaSets), in the order of the writes.
 * - `create`: each creation of a pod (a name can repeat: a StatefulSet recreates `web-1`).
 * - `delete`: each pod's first DELETE — the one that started a graceful deletion, or the removal
 *   of a pod that was deleted at once.
 */
export function podsOf(log: readonly LogEntry[], owner: string, namespace: string, verb: 'create' | 'delete'): string[] {
  const owners = new Set([owner]);
  const deleting = new Set<unknown>();
  const out: string[] = [];
  for (const e of log) {
    if (e.source !== 'apiserver' || e.namespace !== namespace || typeof e.owner !== 'string' || !owners.has(e.owner)) continue;
    if (e.resource !== 'pods') {
      if (e.type === 'create') owners.add(`${e.kind}/${e.name}`);
      continue;
    }
    if (verb === 'create' && e.type === 'create') out.push(String(e.name));
    if (verb === 'delete' && e.type === 'delete' && !deleting.has(e.uid)) {
      deleting.add(e.uid);
      out.push(String(e.name));
    }
    if (verb === 'delete' && e.type === 'remove' && !deleting.has(e.uid)) out.push(String(e.name));
  }
  return out;
}
