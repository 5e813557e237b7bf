import type { Node } from 'kubernetes-types/core/v1';
import type { Client } from '../../client/types';

/**
 * `labelReconcileInfo`: the beta OS/arch labels follow the stable ones (the stable label is the
 * source of truth, and the beta one is added when missing).
 */
const LABEL_RECONCILE_INFO: ReadonlyArray<{ primaryKey: string; secondaryKey: string; ensureSecondaryExists: boolean }> = [
  { primaryKey: 'kubernetes.io/os', secondaryKey: 'beta.kubernetes.io/os', ensureSecondaryExists: true },
  { primaryKey: 'kubernetes.io/arch', secondaryKey: 'beta.kubernetes.io/arch', ensureSecondaryExists: true },
];

/** The secondary labels `reconcileNodeLabels` would set on the node; empty when none. */
export function labelsToReconcile(node: Node): Record<string, string> {
  const labels = node.metadata?.labels;
  const out: Record<string, string> = {};
  if (!labels) return out;
  for (const r of LABEL_RECONCILE_INFO) {
    const primary = labels[r.primaryKey];
    if (primary === undefined) continue;
    const secondary = labels[r.secondaryKey];
    if (secondary !== undefined ? secondary !== primary : r.ensureSecondaryExists) out[r.secondaryKey] = primary;
  }
  return out;
}

/** `AddOrUpdateLabelsOnNode`: a strategic merge patch of the labels. */
export function addOrUpdateLabelsOnNode(client: Client, nodeName: string, labels: Record<string, string>): void {
  client.patch('nodes', undefined, nodeName, 'strategic', { metadata: { labels } });
}
