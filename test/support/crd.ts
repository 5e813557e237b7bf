import type { KubeObject } from '../../src/api/object';

/**
 * A one-version, namespaced CustomResourceDefinition in group example.com for tests:
 * `crd('gadget', 'Gadget', schema)` serves `gadgets.example.com` with that openAPIV3Schema
 * (default: anything goes).
 */
export function crd(singular: string, kind: string, schema: Record<string, unknown> = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }): KubeObject {
  const plural = `${singular}s`;
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.example.com` },
    spec: {
      group: 'example.com',
      scope: 'Namespaced',
      names: { plural, singular, kind },
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: schema } }],
    },
  };
}
