import type { AdmissionPlugin } from '../admission';
import { forbidden, notFound } from '../errors';

/** Namespaces that can never be deleted (NamespaceLifecycle's immortal namespaces). */
const IMMORTAL = new Set(['default', 'kube-system', 'kube-public']);

/**
 * NamespaceLifecycle (k8s.io/apiserver/pkg/admission/plugin/namespace/lifecycle): no content in a
 * namespace that does not exist (404) or is terminating (403, fact 155), and the system namespaces
 * cannot be deleted.
 */
export const namespaceLifecycle: AdmissionPlugin = {
  name: 'NamespaceLifecycle',
  handles: (op) => op === 'CREATE' || op === 'DELETE',
  validate(attrs, ctx) {
    const r = attrs.resource;
    if (attrs.operation === 'DELETE') {
      if (r.name === 'namespaces' && IMMORTAL.has(attrs.name)) {
        throw forbidden(target(r), attrs.name, 'this namespace may not be deleted');
      }
      return;
    }
    if (!r.namespaced || attrs.subresource) return;
    const ns = ctx.get('namespaces', undefined, attrs.namespace);
    if (!ns) throw notFound({ qualifiedResource: 'namespaces', plural: 'namespaces', group: '' }, attrs.namespace);
    const phase = (ns.status as { phase?: string } | undefined)?.phase;
    if (phase === 'Terminating' || ns.metadata?.deletionTimestamp) {
      throw forbidden(target(r), attrs.name, `unable to create new content in namespace ${attrs.namespace} because it is being terminated`, {
        reason: 'NamespaceTerminating',
        message: `namespace ${attrs.namespace} is being terminated`,
        field: 'metadata.namespace',
      });
    }
  },
};

function target(r: { plural: string; group: string }) {
  return { qualifiedResource: r.group ? `${r.plural}.${r.group}` : r.plural, plural: r.plural, group: r.group };
}
