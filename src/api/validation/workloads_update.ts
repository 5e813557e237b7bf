/**
 * Update rules of the workload kinds (pkg/apis/apps and pkg/apis/batch validation plus the apps/v1
 * strategies): selectors are fixed; a StatefulSet changes only its replicas, ordinals, template,
 * update strategy, PVC retention policy and minReadySeconds; a Job's pod template is fixed unless the
 * Job is suspended and never started, and then only its scheduling directives may change.
 */
import { type FieldError, forbidden, invalid } from './errors';
import { type J, asObj, isInt, specOf } from './json';
import { goLabelSelector } from './labels';
import { immutable } from './meta_update';
import { semanticEqual } from './semantic';

/** The selector as `ValidateImmutableField` prints a `*metav1.LabelSelector`. */
const selectorValue = (sel: unknown): unknown => {
  const s = asObj(sel);
  return s ? goLabelSelector(s) : undefined;
};

/** apps/v1 strategies (Deployment, ReplicaSet, DaemonSet): `spec.selector` may not change. */
export function validateSelectorUnchanged(obj: J, old: J): FieldError[] {
  const sel = specOf(obj).selector;
  return immutable(semanticEqual(sel, specOf(old).selector), 'spec.selector', selectorValue(sel));
}

const STATEFULSET_MUTABLE = ['replicas', 'template', 'updateStrategy', 'minReadySeconds', 'ordinals', 'persistentVolumeClaimRetentionPolicy'];

/** ValidateStatefulSetUpdate. */
export function validateStatefulSetUpdate(sts: J, old: J): FieldError[] {
  const spec: J = { ...specOf(sts) };
  const oldSpec = specOf(old);
  for (const f of STATEFULSET_MUTABLE) {
    if (oldSpec[f] === undefined) delete spec[f];
    else spec[f] = oldSpec[f];
  }
  if (semanticEqual(spec, oldSpec)) return [];
  return [
    forbidden(
      'spec',
      "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ),
  ];
}

/** ValidateControllerRevisionUpdate: the revision's data is fixed. */
export function validateControllerRevisionUpdate(cr: J, old: J): FieldError[] {
  return immutable(semanticEqual(cr.data, old.data), 'data', cr.data ?? undefined);
}

const ptrValue = (v: unknown): unknown => (v === null ? undefined : v);

/** validateCompletions (ElasticIndexedJob is GA): an Indexed Job may change completions with parallelism. */
function validateCompletions(spec: J, oldSpec: J): FieldError[] {
  const same = semanticEqual(spec.completions, oldSpec.completions);
  if (spec.completionMode !== 'Indexed') return immutable(same, 'spec.completions', ptrValue(spec.completions));
  if (same || !isInt(spec.completions)) return [];
  return spec.completions !== spec.parallelism ? [invalid('spec.completions', spec.completions, 'can only be modified in tandem with spec.parallelism')] : [];
}

/**
 * validatePodTemplateUpdate: the template is immutable; for a suspended Job that never started
 * (AllowMutableSchedulingDirectives) its node affinity, node selector, tolerations, labels,
 * annotations and scheduling gates may change.
 */
function validateJobTemplateUpdate(job: J, old: J): FieldError[] {
  const template = asObj(specOf(job).template) ?? {};
  let oldTemplate: J = asObj(specOf(old).template) ?? {};
  const suspended = specOf(old).suspend === true;
  const notStarted = asObj(old.status)?.startTime == null;
  if (suspended && notStarted) {
    oldTemplate = structuredClone(oldTemplate);
    const ts = asObj(template.spec) ?? {};
    const os: J = asObj(oldTemplate.spec) ?? {};
    const na = asObj(ts.affinity)?.nodeAffinity;
    const oldAffinity = asObj(os.affinity);
    if (!asObj(ts.affinity) && oldAffinity) {
      const { nodeAffinity: _dropped, ...rest } = oldAffinity;
      if (Object.values(rest).every((v) => v === undefined || v === null)) delete os.affinity;
      else os.affinity = rest;
    } else if (asObj(ts.affinity) && !oldAffinity) {
      os.affinity = { nodeAffinity: na };
    } else if (asObj(ts.affinity) && oldAffinity) {
      os.affinity = { ...oldAffinity, nodeAffinity: na };
    }
    for (const f of ['nodeSelector', 'tolerations', 'schedulingGates']) {
      if (ts[f] === undefined) delete os[f];
      else os[f] = ts[f];
    }
    oldTemplate.spec = os;
    const meta: J = { ...(asObj(oldTemplate.metadata) ?? {}) };
    const newMeta = asObj(template.metadata) ?? {};
    for (const f of ['labels', 'annotations']) {
      if (newMeta[f] === undefined) delete meta[f];
      else meta[f] = newMeta[f];
    }
    oldTemplate.metadata = meta;
  }
  return immutable(semanticEqual(template, oldTemplate), 'spec.template', template);
}

/** ValidateJobSpecUpdate's immutability rules (after the create-time checks of the new Job). */
export function validateJobUpdate(job: J, old: J): FieldError[] {
  const spec = specOf(job);
  const oldSpec = specOf(old);
  const errs = validateCompletions(spec, oldSpec);
  errs.push(...immutable(semanticEqual(spec.selector, oldSpec.selector), 'spec.selector', selectorValue(spec.selector)));
  errs.push(...validateJobTemplateUpdate(job, old));
  for (const f of ['completionMode', 'podFailurePolicy', 'backoffLimitPerIndex', 'managedBy', 'successPolicy']) {
    errs.push(...immutable(semanticEqual(spec[f], oldSpec[f]), `spec.${f}`, ptrValue(spec[f])));
  }
  return errs;
}
