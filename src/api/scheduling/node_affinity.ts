import type { Node, NodeSelector, NodeSelectorRequirement, NodeSelectorTerm, Pod, PreferredSchedulingTerm } from 'kubernetes-types/core/v1';
import { newRequirement, SelectorParseError, type Operator, type Requirement } from '../selectors';

/**
 * Node selectors as the scheduler evaluates them (upstream
 * k8s.io/component-helpers/scheduling/corev1/nodeaffinity). Terms are parsed once and matched many
 * times: a pod's required affinity is parsed in PreFilter and matched against every node in Filter,
 * so matching allocates nothing.
 *
 * Semantics kept from upstream:
 * - terms are ORed, the requirements inside a term ANDed;
 * - a term with neither matchExpressions nor matchFields matches no node (it is dropped);
 * - a term whose requirements do not parse (bad operator, bad key/value, `Gt` with a non-integer)
 *   never matches, but the other terms still can ("lazy" parse errors);
 * - matchFields support only `In`/`NotIn` with exactly one value; the only node field is
 *   `metadata.name`, any other key reads as "", and a node without a name skips the field check.
 */

/** One parsed NodeSelectorTerm; `invalid` when any requirement failed to parse. */
class ParsedTerm {
  constructor(
    /** The matchExpressions as label requirements; undefined when the term has none. */
    readonly labelReqs: readonly Requirement[] | undefined,
    /** The matchFields as `field (=|!=) value` terms; undefined when the term has none. */
    readonly fieldReqs: readonly FieldReq[] | undefined,
    readonly errors: readonly string[],
  ) {}

  matches(labels: Record<string, string> | undefined, name: string): boolean {
    if (this.errors.length > 0) return false;
    const lr = this.labelReqs;
    if (lr) for (let i = 0; i < lr.length; i++) if (!lr[i].matches(labels)) return false;
    const fr = this.fieldReqs;
    if (fr && name.length > 0) {
      for (let i = 0; i < fr.length; i++) {
        const actual = fr[i].field === 'metadata.name' ? name : '';
        if ((actual === fr[i].value) !== fr[i].equal) return false;
      }
    }
    return true;
  }
}

interface FieldReq {
  field: string;
  equal: boolean;
  value: string;
}

const LABEL_OPERATORS: Readonly<Record<string, Operator>> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: '!',
  Gt: 'gt',
  Lt: 'lt',
};

function isEmptyTerm(t: NodeSelectorTerm): boolean {
  return (t.matchExpressions ?? []).length === 0 && (t.matchFields ?? []).length === 0;
}

function parseTerm(t: NodeSelectorTerm): ParsedTerm {
  const errors: string[] = [];
  let labelReqs: Requirement[] | undefined;
  let fieldReqs: FieldReq[] | undefined;
  const exprs: readonly NodeSelectorRequirement[] = t.matchExpressions ?? [];
  if (exprs.length > 0) {
    labelReqs = [];
    for (const e of exprs) {
      const op = LABEL_OPERATORS[e.operator];
      if (!op) {
        errors.push(`operator: Unsupported value: "${e.operator}": supported values: "In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"`);
        continue;
      }
      try {
        labelReqs.push(newRequirement(e.key, op, e.values && e.values.length > 0 ? e.values : null));
      } catch (err) {
        if (!(err instanceof SelectorParseError)) throw err;
        errors.push(err.message);
      }
    }
  }
  const fields: readonly NodeSelectorRequirement[] = t.matchFields ?? [];
  if (fields.length > 0) {
    fieldReqs = [];
    for (const f of fields) {
      if (f.operator !== 'In' && f.operator !== 'NotIn') {
        errors.push(`operator: Unsupported value: "${f.operator}": supported values: "In", "NotIn"`);
      } else if ((f.values ?? []).length !== 1) {
        errors.push('values: Invalid value: must have one element');
      } else {
        fieldReqs.push({ field: f.key, equal: f.operator === 'In', value: f.values![0] });
      }
    }
  }
  return new ParsedTerm(labelReqs, fieldReqs, errors);
}

/**
 * A parsed v1.NodeSelector (upstream LazyErrorNodeSelector): the ORed terms. Empty terms are
 * dropped, so a selector whose terms are all empty matches nothing.
 */
export class ParsedNodeSelector {
  private readonly terms: readonly ParsedTerm[];

  constructor(ns: NodeSelector) {
    this.terms = (ns.nodeSelectorTerms ?? []).filter((t) => !isEmptyTerm(t)).map(parseTerm);
  }

  /** Parse errors of all terms (upstream NewNodeSelector refuses a selector with any). */
  errors(): string[] {
    return this.terms.flatMap((t) => t.errors);
  }

  matches(node: Node | undefined): boolean {
    if (!node) return false;
    return this.matchLabels(node.metadata?.labels, node.metadata?.name ?? '');
  }

  /** Matching on labels and a name alone (a PV's node affinity is checked against labels only: name ''). */
  matchLabels(labels: Record<string, string> | undefined, name: string): boolean {
    const terms = this.terms;
    for (let i = 0; i < terms.length; i++) if (terms[i].matches(labels, name)) return true;
    return false;
  }
}

/**
 * Parsed preferredDuringScheduling terms (upstream PreferredSchedulingTerms). A term with weight 0
 * or no requirements is dropped; `errors()` lists parse errors of the remaining terms, which
 * upstream reports instead of scoring.
 */
export class PreferredSchedulingTerms {
  private readonly terms: { term: ParsedTerm; weight: number }[] = [];
  private readonly parseErrors: string[] = [];

  constructor(terms: readonly PreferredSchedulingTerm[]) {
    for (const t of terms) {
      if (t.weight === 0 || isEmptyTerm(t.preference)) continue;
      const parsed = parseTerm(t.preference);
      if (parsed.errors.length > 0) this.parseErrors.push(...parsed.errors);
      else this.terms.push({ term: parsed, weight: t.weight });
    }
  }

  errors(): readonly string[] {
    return this.parseErrors;
  }

  /** The sum of the weights of the terms the node matches (fact 66's raw score). */
  score(node: Node): number {
    const labels = node.metadata?.labels;
    const name = node.metadata?.name ?? '';
    let score = 0;
    for (let i = 0; i < this.terms.length; i++) if (this.terms[i].term.matches(labels, name)) score += this.terms[i].weight;
    return score;
  }
}

/**
 * A pod's nodeSelector and required node affinity, parsed (upstream RequiredNodeAffinity). Both must
 * match; a pod with neither matches every node.
 */
export class RequiredNodeAffinity {
  /** pod.spec.nodeSelector as key/value pairs; undefined when the map is absent or empty. */
  private readonly selector: readonly (readonly [string, string])[] | undefined;
  private readonly nodeSelector: ParsedNodeSelector | undefined;

  constructor(pod: Pod) {
    const ns = pod.spec?.nodeSelector;
    this.selector = ns && Object.keys(ns).length > 0 ? Object.entries(ns) : undefined;
    const req = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    this.nodeSelector = req ? new ParsedNodeSelector(req) : undefined;
  }

  matches(node: Node): boolean {
    const labels = node.metadata?.labels;
    const sel = this.selector;
    if (sel) {
      if (!labels) return false;
      for (let i = 0; i < sel.length; i++) {
        const [k, v] = sel[i];
        if (labels[k] !== v || !Object.prototype.hasOwnProperty.call(labels, k)) return false;
      }
    }
    return this.nodeSelector ? this.nodeSelector.matches(node) : true;
  }
}

/** Parsed forms are immutable and pods are frozen, so a pod's parse is shared by every caller. */
const requiredCache = new WeakMap<Pod, RequiredNodeAffinity>();

/** The parsed required node affinity of `pod` (nodeSelector + requiredDuringScheduling terms). */
export function getRequiredNodeAffinity(pod: Pod): RequiredNodeAffinity {
  let r = requiredCache.get(pod);
  if (!r) {
    r = new RequiredNodeAffinity(pod);
    requiredCache.set(pod, r);
  }
  return r;
}

/**
 * Whether `node` satisfies `pod`'s nodeSelector and required node affinity (upstream
 * `nodeaffinity.GetRequiredNodeAffinity(pod).Match(node)`, parse errors counting as no match).
 * The one predicate the scheduler's NodeAffinity filter, the kubelet's admission and the DaemonSet
 * controller share.
 */
export function requiredNodeAffinityMatches(pod: Pod, node: Node): boolean {
  return getRequiredNodeAffinity(pod).matches(node);
}
