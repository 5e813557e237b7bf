import type { Node, NodeSelectorRequirement, NodeSelectorTerm, Pod, Taint, Toleration } from 'kubernetes-types/core/v1';
import { newRequirement, Selector, selectorFromSet, type Operator, type Requirement } from '../../../api/selectors';

/**
 * The node filters nodeAffinityPolicy / nodeTaintsPolicy (`Honor`) apply when PodTopologySpread
 * decides which nodes make up the eligible domains (upstream component-helpers
 * `nodeaffinity.GetRequiredNodeAffinity` and `v1helper.FindMatchingUntoleratedTaint` with
 * `DoNotScheduleTaintsFilterFunc`). They live here, not in the NodeAffinity / TaintToleration
 * plugins, so that this plugin depends on no other plugin folder.
 *
 * Contract: parse once per pod (PreFilter/PreScore), then `matches(node)` per node is allocation-free.
 * Parse errors are swallowed as upstream does "for backwards compatibility": a malformed term
 * simply never matches.
 */

type FieldReq = { key: string; op: '=' | '!='; value: string };

interface ParsedTerm {
  /** undefined: the term has no matchExpressions. */
  labels?: Selector;
  /** undefined: the term has no matchFields. */
  fields?: FieldReq[];
  /** A requirement failed to parse: the term matches no node. */
  invalid: boolean;
}

const NODE_SELECTOR_OPS: Record<string, Operator> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: '!',
  Gt: 'gt',
  Lt: 'lt',
};

function parseLabelRequirements(exprs: readonly NodeSelectorRequirement[]): Selector {
  const reqs: Requirement[] = [];
  for (const e of exprs) {
    const op = NODE_SELECTOR_OPS[e.operator];
    if (!op) throw new Error(`${e.operator} is not a valid node selector operator`);
    reqs.push(newRequirement(e.key, op, e.values ?? null));
  }
  return Selector.of(reqs);
}

/** Only `In`/`NotIn` with exactly one value are valid for matchFields (nodeSelectorRequirementsAsFieldSelector). */
function parseFieldRequirements(exprs: readonly NodeSelectorRequirement[]): FieldReq[] {
  return exprs.map((e) => {
    if ((e.operator !== 'In' && e.operator !== 'NotIn') || (e.values ?? []).length !== 1) {
      throw new Error(`invalid field requirement ${e.key} ${e.operator}`);
    }
    return { key: e.key, op: e.operator === 'In' ? '=' : '!=', value: e.values![0] };
  });
}

function parseTerm(term: NodeSelectorTerm): ParsedTerm | undefined {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  // An empty term selects nothing; upstream drops it from the OR.
  if (exprs.length === 0 && fields.length === 0) return undefined;
  try {
    return {
      labels: exprs.length ? parseLabelRequirements(exprs) : undefined,
      fields: fields.length ? parseFieldRequirements(fields) : undefined,
      invalid: false,
    };
  } catch {
    return { invalid: true };
  }
}

/** The only node field a term can select on is metadata.name; any other key reads as "". */
function fieldMatches(f: FieldReq, nodeName: string): boolean {
  const actual = f.key === 'metadata.name' ? nodeName : '';
  return f.op === '=' ? actual === f.value : actual !== f.value;
}

/** A pod's nodeSelector AND its required node affinity (OR of terms), parsed once. */
export class RequiredNodeAffinity {
  private readonly labelSelector: Selector | undefined;
  /** undefined: the pod has no required node affinity; [] matches no node. */
  private readonly terms: ParsedTerm[] | undefined;

  constructor(pod: Pod) {
    const ns = pod.spec?.nodeSelector;
    this.labelSelector = ns && Object.keys(ns).length > 0 ? selectorFromSet(ns) : undefined;
    const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    if (required) {
      this.terms = [];
      for (const t of required.nodeSelectorTerms ?? []) {
        const p = parseTerm(t);
        if (p) this.terms.push(p);
      }
    }
  }

  matches(node: Node): boolean {
    const labels = node.metadata?.labels ?? {};
    if (this.labelSelector && !this.labelSelector.matches(labels)) return false;
    if (!this.terms) return true;
    const name = node.metadata?.name ?? '';
    for (const t of this.terms) {
      if (t.invalid) continue;
      if (t.labels && !t.labels.matches(labels)) continue;
      if (t.fields && !t.fields.every((f) => fieldMatches(f, name))) continue;
      return true;
    }
    return false;
  }
}

/** `Toleration.ToleratesTaint`: empty effect/key are wildcards; empty operator means Equal. */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  switch (t.operator ?? '') {
    case '':
    case 'Equal':
      return (t.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    default:
      return false;
  }
}

/** True when the node has a NoSchedule/NoExecute taint none of the pod's tolerations tolerates. */
export function hasUntoleratedDoNotScheduleTaint(node: Node, pod: Pod): boolean {
  const tolerations = pod.spec?.tolerations ?? [];
  for (const taint of node.spec?.taints ?? []) {
    if (taint.effect !== 'NoSchedule' && taint.effect !== 'NoExecute') continue;
    if (!tolerations.some((t) => toleratesTaint(t, taint))) return true;
  }
  return false;
}
