/**
 * `ValidatePodUpdate` (pkg/apis/core/validation, v1.32, InPlacePodVerticalScaling off): a pod's spec
 * is immutable except container images, a shrinking activeDeadlineSeconds, added tolerations,
 * removed scheduling gates, and (while the pod is gated) added node constraints. Anything else,
 * spec.nodeName included (it is set through the binding subresource), is one Forbidden error on
 * `spec` with the diff appended (see spec_diff.ts for how it is rendered).
 */
import { type FieldError, forbidden, goStringMap, invalid, required } from './errors';
import { inclusiveRangeError } from './formats';
import { type J, asList, asObj, isObj, objs, specOf, str } from './json';
import { index, key } from './paths';
import { computePodQOS } from './pod_qos';
import { semanticEqual } from './semantic';
import { renderDiff } from './spec_diff';

const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';
const APPARMOR_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';
const MAX_INT32 = 2147483647;

/** updatablePodSpecFieldsNoResources: the list the Forbidden message names while in-place resize is off. */
export const UPDATABLE_POD_SPEC_FIELDS = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
];

export const POD_UPDATE_FORBIDDEN = `pod updates may not change fields other than ${UPDATABLE_POD_SPEC_FIELDS.join(',')}`;

/** ValidatePodSpecificAnnotationUpdates: mirror-pod and AppArmor annotations are fixed at creation. */
function validateAnnotationUpdates(pod: J, old: J): FieldError[] {
  const errs: FieldError[] = [];
  const path = 'metadata.annotations';
  const now = asObj(asObj(pod.metadata)?.annotations) ?? {};
  const before = asObj(asObj(old.metadata)?.annotations) ?? {};
  for (const [k, v] of Object.entries(before)) {
    if (k in now && now[k] === v) continue;
    if (k.startsWith(APPARMOR_ANNOTATION_PREFIX)) errs.push(forbidden(key(path, k), 'may not remove or update AppArmor annotations'));
    if (k === MIRROR_POD_ANNOTATION) errs.push(forbidden(key(path, k), 'may not remove or update mirror pod annotation'));
  }
  for (const k of Object.keys(now)) {
    if (k in before) continue;
    if (k.startsWith(APPARMOR_ANNOTATION_PREFIX)) errs.push(forbidden(key(path, k), 'may not add AppArmor annotations'));
    if (k === MIRROR_POD_ANNOTATION) errs.push(forbidden(key(path, k), 'may not add mirror pod annotation'));
  }
  return errs;
}

/** ValidateContainerUpdates: the same number of containers, each with a (trimmed) image. `stop` ends validation. */
function validateContainerUpdates(now: unknown, before: unknown, path: string): { errs: FieldError[]; stop: boolean } {
  const containers = objs(now);
  if (containers.length !== objs(before).length) return { errs: [forbidden(path, 'pod updates may not add or remove containers')], stop: true };
  const errs: FieldError[] = [];
  containers.forEach((c, i) => {
    const image = str(c.image);
    if (!image) errs.push(required(`${index(path, i)}.image`));
    if (image.trim().length !== image.length) errs.push(invalid(`${index(path, i)}.image`, image, 'must not have leading or trailing whitespace'));
  });
  return { errs, stop: false };
}

/** validateOnlyAddedTolerations: every old toleration is still there, tolerationSeconds aside. */
function validateOnlyAddedTolerations(now: unknown, before: unknown, path: string): FieldError[] {
  const strip = (t: J): J => ({ key: str(t.key), operator: str(t.operator), value: str(t.value), effect: str(t.effect) });
  const current = objs(now).map(strip);
  for (const old of objs(before)) {
    const o = strip(old);
    if (!current.some((t) => semanticEqual(t, o))) return [forbidden(path, 'existing toleration can not be modified except its tolerationSeconds')];
  }
  return [];
}

/** validateOnlyDeletedSchedulingGates: a gate may go, none may come. */
function validateOnlyDeletedSchedulingGates(now: unknown, before: unknown, path: string): FieldError[] {
  const old = new Set(objs(before).map((g) => str(g.name)));
  const added = new Map<string, number>();
  objs(now).forEach((g, i) => added.set(str(g.name), i));
  // Upstream ranges over a Go map (random order); index order here.
  return [...added]
    .filter(([name]) => !old.has(name))
    .sort(([, a], [, b]) => a - b)
    .map(([name, i]) => forbidden(`${index(path, i)}.name`, `only deletion is allowed, but found new scheduling gate '${name}'`));
}

/** validateNodeSelectorMutation: while gated, node selector entries may only be added. */
function validateNodeSelectorMutation(path: string, now: unknown, before: unknown): FieldError[] {
  const cur = asObj(now) ?? {};
  for (const [k, v] of Object.entries(asObj(before) ?? {})) {
    if (!(k in cur) || cur[k] !== v) return [invalid(path, goStringMap(now), 'only additions to spec.nodeSelector are allowed (no mutations or deletions)')];
  }
  return [];
}

const requiredTerms = (na: unknown): J[] | undefined => {
  const req = asObj(asObj(na)?.requiredDuringSchedulingIgnoredDuringExecution);
  return req ? objs(req.nodeSelectorTerms) : undefined;
};

/** validateNodeSelectorTermHasOnlyAdditions. */
function termHasOnlyAdditions(now: J, before: J): boolean {
  const olds = [asList(before.matchExpressions), asList(before.matchFields)];
  const news = [asList(now.matchExpressions), asList(now.matchFields)];
  if (olds[0].length === 0 && olds[1].length === 0 && (news[0].length > 0 || news[1].length > 0)) return false;
  for (let i = 0; i < 2; i++) {
    const l = olds[i].length;
    if (l === 0) continue;
    if (news[i].length < l || !semanticEqual(news[i].slice(0, l), olds[i])) return false;
  }
  return true;
}

/** validateNodeAffinityMutation: while gated, required node selector terms may only gain requirements. */
function validateNodeAffinityMutation(path: string, now: unknown, before: unknown): FieldError[] {
  const oldTerms = requiredTerms(before);
  if (!oldTerms) return [];
  const newTerms = requiredTerms(now) ?? [];
  const termsPath = `${path}.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`;
  if (oldTerms.length > 0 && oldTerms.length !== newTerms.length) {
    return [invalid(termsPath, newTerms, 'no additions/deletions to non-empty NodeSelectorTerms list are allowed')];
  }
  const errs: FieldError[] = [];
  oldTerms.forEach((t, i) => {
    if (!termHasOnlyAdditions(newTerms[i], t)) errs.push(invalid(index(termsPath, i), newTerms[i], 'only additions are allowed (no mutations or deletions)'));
  });
  return errs;
}

/** The gated-pod relaxations: checks the node constraints and copies the old ones into `munged`. */
function mungeGatedPod(munged: J, oldSpec: J, errs: FieldError[]): void {
  if (!semanticEqual(munged.nodeSelector, oldSpec.nodeSelector)) {
    errs.push(...validateNodeSelectorMutation('spec.nodeSelector', munged.nodeSelector, oldSpec.nodeSelector));
    munged.nodeSelector = oldSpec.nodeSelector;
  }
  const oldNA = asObj(oldSpec.affinity)?.nodeAffinity;
  const mungedAffinity = asObj(munged.affinity);
  const newNA = mungedAffinity?.nodeAffinity;
  if (semanticEqual(oldNA, newNA)) return;
  errs.push(...validateNodeAffinityMutation('spec.affinity.nodeAffinity', newNA, oldNA));
  if (!mungedAffinity) {
    if (oldNA !== undefined && oldNA !== null) munged.affinity = { nodeAffinity: oldNA };
  } else if (!isObj(oldSpec.affinity) && mungedAffinity.podAffinity == null && mungedAffinity.podAntiAffinity == null) {
    delete munged.affinity;
  } else {
    munged.affinity = { ...mungedAffinity, nodeAffinity: oldNA };
  }
}

/**
 * The update rules of a pod; the create-time checks (validatePodMetadataAndSpec) and the metadata
 * update checks are the caller's.
 */
export function validatePodUpdate(pod: J, old: J): FieldError[] {
  const spec = specOf(pod);
  const oldSpec = specOf(old);
  const errs = validateAnnotationUpdates(pod, old);
  for (const f of ['containers', 'initContainers']) {
    const r = validateContainerUpdates(spec[f], oldSpec[f], `spec.${f}`);
    errs.push(...r.errs);
    if (r.stop) return errs;
  }
  const deadline = spec.activeDeadlineSeconds;
  if (typeof deadline === 'number') {
    if (deadline < 0 || deadline > MAX_INT32) {
      errs.push(invalid('spec.activeDeadlineSeconds', deadline, inclusiveRangeError(0, MAX_INT32)));
      return errs;
    }
    if (typeof oldSpec.activeDeadlineSeconds === 'number' && oldSpec.activeDeadlineSeconds < deadline) {
      errs.push(invalid('spec.activeDeadlineSeconds', deadline, 'must be less than or equal to previous value'));
      return errs;
    }
  } else if (typeof oldSpec.activeDeadlineSeconds === 'number') {
    errs.push(invalid('spec.activeDeadlineSeconds', undefined, 'must not update from a positive integer to nil value'));
  }
  errs.push(...validateOnlyAddedTolerations(spec.tolerations, oldSpec.tolerations, 'spec.tolerations'));
  errs.push(...validateOnlyDeletedSchedulingGates(spec.schedulingGates, oldSpec.schedulingGates, 'spec.schedulingGates'));
  if (semanticEqual(spec, oldSpec)) return errs;

  // Upstream reads the old class from status.qosClass, which its create path computed with this
  // same function; computing it here keeps the rule independent of how the status was filled in.
  // PrepareForUpdate keeps the old status, so the new pod still carries the old qosClass.
  if (computePodQOS(old) !== computePodQOS(pod)) errs.push(invalid('metadata', str(asObj(pod.status)?.qosClass), 'Pod QoS is immutable'));

  const munged: J = structuredClone(spec);
  const withOldImages = (list: unknown, olds: unknown): unknown =>
    Array.isArray(list) ? objs(list).map((c, i) => ({ ...c, image: objs(olds)[i]?.image })) : list;
  munged.containers = withOldImages(munged.containers, oldSpec.containers);
  munged.initContainers = withOldImages(munged.initContainers, oldSpec.initContainers);
  for (const f of ['activeDeadlineSeconds', 'schedulingGates', 'tolerations']) {
    if (oldSpec[f] === undefined) delete munged[f];
    else munged[f] = oldSpec[f];
  }
  const oldGrace = oldSpec.terminationGracePeriodSeconds;
  if (typeof oldGrace === 'number' && oldGrace < 0 && munged.terminationGracePeriodSeconds === 1) munged.terminationGracePeriodSeconds = oldGrace;
  if (asList(oldSpec.schedulingGates).length > 0) mungeGatedPod(munged, oldSpec, errs);

  if (!semanticEqual(munged, oldSpec)) {
    errs.push(forbidden('spec', `${POD_UPDATE_FORBIDDEN}\n${renderDiff('core.PodSpec', oldSpec, munged)}`));
  }
  return errs;
}
