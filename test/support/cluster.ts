import { Cluster } from '../../src/cluster/cluster';
import type { KubeObject } from '../../src/api/object';
import { StatusError } from '../../src/api/object';

/** A fresh cluster for API server tests, and a helper to capture a failure Status. */
export function newCluster(seed = 1): Cluster {
  return Cluster.start({ seed });
}

export function statusOf(fn: () => unknown): { code: number; reason: string; message: string; details?: unknown } {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return e.status;
    throw e;
  }
  throw new Error('expected the request to be rejected');
}

export const cm = (name: string, extra: Partial<KubeObject> = {}, namespace?: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, ...(namespace ? { namespace } : {}), ...((extra.metadata as object) ?? {}) },
  ...(extra.data ? { data: extra.data } : {}),
});
