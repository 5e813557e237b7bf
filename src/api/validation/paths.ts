/** Field paths as upstream's `field.Path` prints them: `spec.containers[0].ports[1]`, `limits[cpu]`. */

export const child = (path: string, ...names: string[]): string => names.reduce((p, n) => (p ? `${p}.${n}` : n), path);
export const index = (path: string, i: number): string => `${path}[${i}]`;
export const key = (path: string, k: string): string => `${path}[${k}]`;

/** The path of a walk's stack of segments, names and indices: `['spec', 'containers', 0]` → `spec.containers[0]`. */
export function pathOf(segs: readonly (string | number)[]): string {
  let p = '';
  for (const seg of segs) p = typeof seg === 'number' ? index(p, seg) : child(p, seg);
  return p;
}
