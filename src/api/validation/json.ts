/** Reading untyped decoded JSON without throwing: a wrong type reads as absent or empty, as Go's zero values. */

export type J = Record<string, unknown>;
export const isObj = (v: unknown): v is J => typeof v === 'object' && v !== null && !Array.isArray(v);
export const asObj = (v: unknown): J | undefined => (isObj(v) ? v : undefined);
export const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const objs = (v: unknown): J[] => asList(v).filter(isObj);
export const str = (v: unknown): string => (typeof v === 'string' ? v : '');
export const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

export const specOf = (obj: J): J => asObj(obj.spec) ?? {};
