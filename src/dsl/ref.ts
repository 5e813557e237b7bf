/** An object reference as steps write it: `"name"` or `"namespace/name"` (STEPS.md, Values). */
export interface Ref {
  namespace?: string;
  name: string;
}

/** Parses `name` or `namespace/name`; the namespace defaults to `default` for namespaced kinds (decided by the caller). */
export function parseRef(text: string): Ref {
  const parts = text.split('/');
  if (parts.length === 1) return { name: parts[0] };
  if (parts.length === 2 && parts[0] && parts[1]) return { namespace: parts[0], name: parts[1] };
  throw new RangeError(`"${text}" is not an object reference: write "name" or "namespace/name"`);
}

export function formatRef(r: Ref): string {
  return r.namespace ? `${r.namespace}/${r.name}` : r.name;
}
