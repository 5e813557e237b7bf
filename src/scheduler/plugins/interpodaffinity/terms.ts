import type { Pod, PodAffinityTerm } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../../api/object';
import { labelSelectorFromObject, Selector } from '../../../api/selectors';
import type { Handle } from '../../framework/interface';
import { PodInfo, type AffinityTerm, type WeightedAffinityTerm } from '../../framework/types';

/**
 * The incoming pod's affinity terms as InterPodAffinity evaluates them: copies of the PodInfo terms
 * (PodInfos are shared and immutable) in which a non-empty namespaceSelector has been unrolled into
 * the namespace set (upstream mergeAffinityTermNamespacesIfNotEmpty). After that, matching an
 * existing pod against these terms never needs the existing pod's namespace labels.
 */
export interface IncomingTerms {
  pod: Pod;
  requiredAffinityTerms: AffinityTerm[];
  requiredAntiAffinityTerms: AffinityTerm[];
  preferredAffinityTerms: WeightedAffinityTerm[];
  preferredAntiAffinityTerms: WeightedAffinityTerm[];
}

/** Whether the pod has pod affinity or anti-affinity of its own (terms that PodInfo parses). */
export function hasPodAffinity(pod: Pod): boolean {
  const a = pod.spec?.affinity;
  return !!(a?.podAffinity || a?.podAntiAffinity);
}

/** `PodInfo` or upstream NewPodInfo's aggregated parse error (`requiredAffinityTerms: ...`). */
export function parsePodInfo(pod: Pod): { podInfo: PodInfo; error?: undefined } | { podInfo?: undefined; error: string } {
  try {
    return { podInfo: new PodInfo(pod) };
  } catch {
    return { error: podInfoParseError(pod) };
  }
}

function firstTermError(terms: readonly PodAffinityTerm[]): string | undefined {
  for (const t of terms) {
    try {
      labelSelectorFromObject(t.labelSelector);
      if (t.namespaceSelector) labelSelectorFromObject(t.namespaceSelector);
    } catch (e) {
      return (e as Error).message;
    }
  }
  return undefined;
}

function podInfoParseError(pod: Pod): string {
  const a = pod.spec?.affinity;
  const lists: [string, readonly PodAffinityTerm[]][] = [
    ['requiredAffinityTerms', a?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []],
    ['requiredAntiAffinityTerms', a?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []],
    ['preferredAffinityTerms', (a?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((w) => w.podAffinityTerm)],
    ['preferredAntiAffinityTerms', (a?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((w) => w.podAffinityTerm)],
  ];
  const errs: string[] = [];
  for (const [name, terms] of lists) {
    const err = firstTermError(terms);
    if (err !== undefined) errs.push(`${name}: ${err}`);
  }
  // utilerrors.NewAggregate: one error alone, several as [a, b].
  return errs.length === 1 ? errs[0] : `[${errs.join(', ')}]`;
}

/**
 * Upstream mergeAffinityTermNamespacesIfNotEmpty on a copy: an empty namespaceSelector (all
 * namespaces) is kept as is; a non-empty one is replaced by the names of the namespaces it selects.
 * A term without a selector (nothing) selects no namespace, so no lookup is needed for it.
 */
export function mergeTermNamespaces(term: AffinityTerm, handle: Handle): AffinityTerm {
  if (term.namespaceSelector.isEmpty() || term.namespaceSelector.isNothing()) return term;
  const namespaces = new Set(term.namespaces);
  for (const ns of handle.list<KubeObject>('namespaces')) {
    if (term.namespaceSelector.matches(ns.metadata?.labels ?? {})) namespaces.add(ns.metadata?.name ?? '');
  }
  return { namespaces, selector: term.selector, topologyKey: term.topologyKey, namespaceSelector: Selector.nothing() };
}

export function incomingTerms(pi: PodInfo, handle: Handle, which: 'required' | 'preferred'): IncomingTerms {
  const merge = (t: AffinityTerm) => mergeTermNamespaces(t, handle);
  const mergeW = (w: WeightedAffinityTerm) => ({ term: merge(w.term), weight: w.weight });
  return {
    pod: pi.pod,
    requiredAffinityTerms: which === 'required' ? pi.requiredAffinityTerms.map(merge) : [],
    requiredAntiAffinityTerms: which === 'required' ? pi.requiredAntiAffinityTerms.map(merge) : [],
    preferredAffinityTerms: which === 'preferred' ? pi.preferredAffinityTerms.map(mergeW) : [],
    preferredAntiAffinityTerms: which === 'preferred' ? pi.preferredAntiAffinityTerms.map(mergeW) : [],
  };
}
