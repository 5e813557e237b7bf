/** Field paths as upstream's `field.Path` prints them: `spec.containers[0].ports[1]`, `limits[cpu]`. */

export const child = (path: string, ...names: string[]): string => names.reduce((p, n) => (p ? `${p}.${n}` : n), path);
export const index = (path: string, i: number): string => `${path}[${i}]`;
export const key = (path: string, k: string): string => `${path}[${k}]`;
