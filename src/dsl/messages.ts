import type { StatusError } from '../api/object';
import type { ResourceRegistry } from '../api/resources';
import type { ManifestDoc } from './manifest';

/**
 * The wording of mistakes in manifest documents that the cluster catches: each message starts at the
 * document's file and line, names the object, and points at the lines of the fields it is about.
 */

/**
 * A kind the API server does not serve under the document's apiVersion. Worded as kubectl's
 * `no matches for kind "X" in version "Y"`, plus what would fix it: the apiVersion the kind is served
 * under, a served kind with a close name, or the CRD to apply first.
 */
export function unknownKindMessage(d: ManifestDoc, registry: ResourceRegistry, apiVersion: string, kind: string): string {
  const all = registry.all();
  const head = `${d.where}: no matches for kind "${kind}" in version "${apiVersion}"`;
  const served = all.filter((i) => i.kind === kind).map((i) => `"${i.apiVersion}"`);
  if (served.length) return `${head}: ${kind} is served under apiVersion ${served.join(' or ')}`;
  // A typo is one or two letters off; allowing two in a short name would suggest Pod for any three-letter kind.
  const limit = kind.length <= 4 ? 1 : 2;
  const close = all.filter((i) => editDistance(i.kind.toLowerCase(), kind.toLowerCase()) <= limit).map((i) => `${i.kind} (apiVersion "${i.apiVersion}")`);
  if (close.length) return `${head}: did you mean ${close.join(' or ')}? (for a custom resource, apply its CustomResourceDefinition first)`;
  return `${head}: ensure CRDs are installed first (apply the CustomResourceDefinition in an earlier step)`;
}

/**
 * An API server rejection of a manifest document: the status code, reason and message as the server
 * sent them, and the line of each field it names that the document has.
 */
export function rejectionMessage(d: ManifestDoc, kind: string, e: StatusError): string {
  const name = d.object.metadata?.name ?? d.object.metadata?.generateName ?? '';
  const fields = [
    ...(e.status.details?.causes ?? []).map((c) => c.field),
    ...[...e.message.matchAll(/unknown field "([^"]+)"/g)].map((m) => m[1]),
  ].filter((f): f is string => !!f);
  const lines = [...new Set(fields)].flatMap((f) => {
    const where = d.fieldAt?.(f);
    return where ? [`  ${f} is at ${where}`] : [];
  });
  return [`${d.where}: the API server rejected ${kind} "${name}" (${e.code} ${e.reason}): ${e.message}`, ...lines].join('\n');
}

/** Levenshtein distance, for "did you mean" suggestions. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}
