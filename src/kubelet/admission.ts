import type { Container, Node, NodeSelectorRequirement, NodeSelectorTerm, Pod, Taint } from 'kubernetes-types/core/v1';
import { newRequirement, Selector, type Operator } from '../api/selectors';
import { toleratesTaint } from '../controllers/util/tolerations';
import { podRequests, Resource } from '../scheduler/framework/types';

/**
 * Pod admission on the node (pkg/kubelet/lifecycle/predicate.go, v1.32): the kubelet re-checks
 * what the scheduler checked, against the pods it already runs, and rejects the pod with phase
 * Failed when it does not fit.
 */

export interface AdmitResult {
  admit: boolean;
  reason?: string;
  message?: string;
}

/** predicate.go reasons. */
export const POD_OS_SELECTOR_NODE_LABEL_DOES_NOT_MATCH = 'PodOSSelectorNodeLabelDoesNotMatch';
export const POD_OS_NOT_SUPPORTED = 'PodOSNotSupported';

/**
 * predicateAdmitHandler.Admit for `pod` on `node`, which already runs `others` (the active pods).
 * The first failure wins, in upstream's order: resources (pods, cpu, memory, ephemeral-storage,
 * extended), NodeAffinity, NodeName, NodePorts, TaintToleration (NoExecute only).
 */
export function admitPod(pod: Pod, node: Node, others: readonly Pod[]): AdmitResult {
  const podOS = pod.metadata?.labels?.['kubernetes.io/os'];
  const nodeOS = node.metadata?.labels?.['kubernetes.io/os'] ?? 'linux';
  if (podOS !== undefined && podOS !== nodeOS) {
    return { admit: false, reason: POD_OS_SELECTOR_NODE_LABEL_DOES_NOT_MATCH, message: "Failed to admit pod as the `kubernetes.io/os` label doesn't match node label" };
  }
  if (pod.spec?.os && pod.spec.os.name !== 'linux') {
    return { admit: false, reason: POD_OS_NOT_SUPPORTED, message: "Failed to admit pod as the OS field doesn't match node OS" };
  }
  const fail = (name: string): AdmitResult => ({ admit: false, reason: name, message: `Predicate ${name} failed` });

  const insufficient = insufficientResources(pod, node, others);
  if (insufficient.length) {
    const r = insufficient[0];
    return {
      admit: false,
      reason: `OutOf${r.name}`,
      message: `Node didn't have enough resource: ${r.name}, requested: ${r.requested}, used: ${r.used}, capacity: ${r.capacity}`,
    };
  }
  if (!matchesRequiredNodeAffinity(pod, node)) return fail('NodeAffinity');
  if (pod.spec?.nodeName && pod.spec.nodeName !== node.metadata?.name) return fail('NodeName');
  if (hostPortConflict(pod, others)) return fail('NodePorts');
  const untolerated = (node.spec?.taints ?? []).some(
    (t: Taint) => t.effect === 'NoExecute' && !(pod.spec?.tolerations ?? []).some((tol) => toleratesTaint(tol, t)),
  );
  if (untolerated) return fail('TaintToleration');
  return { admit: true };
}

interface Insufficient {
  name: string;
  requested: number;
  used: number;
  capacity: number;
}

/** noderesources.Fits with every failure listed. Extended resources the node does not have are ignored (removeMissingExtendedResources). */
function insufficientResources(pod: Pod, node: Node, others: readonly Pod[]): Insufficient[] {
  const alloc = Resource.fromList(node.status?.allocatable as Record<string, string> | undefined);
  const used = new Resource();
  for (const p of others) used.add(podRequests(p));
  const req = podRequests(pod);
  const out: Insufficient[] = [];
  if (others.length + 1 > alloc.allowedPodNumber) {
    out.push({ name: 'pods', requested: 1, used: others.length, capacity: alloc.allowedPodNumber });
  }
  const check = (name: string) => {
    const r = req.get(name);
    if (r > 0 && r > alloc.get(name) - used.get(name)) out.push({ name, requested: r, used: used.get(name), capacity: alloc.get(name) });
  };
  check('cpu');
  check('memory');
  check('ephemeral-storage');
  for (const name of Object.keys(req.scalarResources).sort()) {
    if (!(name in alloc.scalarResources)) continue;
    check(name);
  }
  return out;
}

const OPS: Readonly<Record<string, Operator>> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!', Gt: 'gt', Lt: 'lt' };

/** nodeaffinity.GetRequiredNodeAffinity(pod).Match(node): nodeSelector AND any required term. */
export function matchesRequiredNodeAffinity(pod: Pod, node: Node): boolean {
  const labels = node.metadata?.labels ?? {};
  for (const [k, v] of Object.entries(pod.spec?.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!terms) return true;
  return terms.some((t) => termMatches(t, labels, node.metadata?.name ?? ''));
}

function termMatches(term: NodeSelectorTerm, labels: Record<string, string>, nodeName: string): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  // An empty term matches no node.
  if (exprs.length === 0 && fields.length === 0) return false;
  try {
    if (exprs.length && !Selector.of(exprs.map(requirement)).matches(labels)) return false;
  } catch {
    return false;
  }
  for (const f of fields) {
    if (f.key !== 'metadata.name' || (f.values ?? []).length !== 1) return false;
    const eq = nodeName === f.values![0];
    if (f.operator === 'In' ? !eq : f.operator === 'NotIn' ? eq : true) return false;
  }
  return true;
}

function requirement(e: NodeSelectorRequirement) {
  const op = OPS[e.operator];
  if (!op) throw new Error(`${e.operator} is not a valid node selector operator`);
  return newRequirement(e.key, op, e.values ?? null);
}

/** nodeports.Fits: a host port (protocol, hostIP, port) the node's pods already use. */
function hostPortConflict(pod: Pod, others: readonly Pod[]): boolean {
  const ports = (p: Pod) =>
    [...(p.spec?.initContainers ?? []), ...(p.spec?.containers ?? [])].flatMap((c: Container) =>
      (c.ports ?? []).filter((cp) => cp.hostPort).map((cp) => ({ port: cp.hostPort!, protocol: cp.protocol ?? 'TCP', ip: cp.hostIP || '0.0.0.0' })),
    );
  const wanted = ports(pod);
  if (!wanted.length) return false;
  const taken = others.flatMap(ports);
  return wanted.some((w) => taken.some((t) => t.port === w.port && t.protocol === w.protocol && (t.ip === w.ip || t.ip === '0.0.0.0' || w.ip === '0.0.0.0')));
}
