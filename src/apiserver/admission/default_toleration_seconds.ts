import type { Toleration } from 'kubernetes-types/core/v1';
import type { AdmissionPlugin } from '../admission';

/** v1.TaintNodeNotReady and v1.TaintNodeUnreachable. */
export const TAINT_NODE_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_NODE_UNREACHABLE = 'node.kubernetes.io/unreachable';
/** `--default-not-ready-toleration-seconds` and `--default-unreachable-toleration-seconds` (fact 12). */
export const DEFAULT_NOT_READY_TOLERATION_SECONDS = 300;
export const DEFAULT_UNREACHABLE_TOLERATION_SECONDS = 300;

/** Whether `t` already tolerates `key:NoExecute`: its key is that key or empty, its effect NoExecute or empty. */
function tolerates(t: Toleration, key: string): boolean {
  return (t.key === key || !t.key) && (t.effect === 'NoExecute' || !t.effect);
}

/**
 * DefaultTolerationSeconds (plugin/pkg/admission/defaulttolerationseconds, SEMANTICS fact 12): on
 * pod CREATE and UPDATE (not subresources), a pod that does not already tolerate
 * `node.kubernetes.io/not-ready:NoExecute` gets `{operator: Exists, effect: NoExecute,
 * tolerationSeconds: 300}` for it, and likewise for `node.kubernetes.io/unreachable`; so a pod on a
 * lost node is evicted 5 minutes after the taint (fact 15).
 */
export const defaultTolerationSeconds: AdmissionPlugin = {
  name: 'DefaultTolerationSeconds',
  handles: (op) => op === 'CREATE' || op === 'UPDATE',
  mutate(attrs) {
    if (attrs.resource.name !== 'pods' || attrs.subresource || !attrs.object) return;
    const pod = attrs.object;
    const spec = (pod.spec ?? {}) as { tolerations?: Toleration[] };
    const tolerations = spec.tolerations ?? [];
    const added: Toleration[] = [];
    if (!tolerations.some((t) => tolerates(t, TAINT_NODE_NOT_READY))) {
      added.push({ key: TAINT_NODE_NOT_READY, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_NOT_READY_TOLERATION_SECONDS });
    }
    if (!tolerations.some((t) => tolerates(t, TAINT_NODE_UNREACHABLE))) {
      added.push({ key: TAINT_NODE_UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_UNREACHABLE_TOLERATION_SECONDS });
    }
    // Object.assign, not a spread: V8 gives `{ ...spec, tolerations }` a map of its own, and every
    // later reader of the spec (the other admission plugins, the strategy, validation) would run
    // megamorphic loads (see frozenCopy).
    if (added.length) pod.spec = Object.assign({}, spec, { tolerations: [...tolerations, ...added] });
  },
};
