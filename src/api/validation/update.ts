/**
 * Validation of an update against the stored object, as the API server's update path runs it
 * (`rest.BeforeUpdate`: the common ObjectMeta checks, then the kind's `ValidateUpdate`): the
 * create-time checks of the new object plus the update rules — immutable fields, metadata that may
 * not change, and each kind's `Validate<Kind>Update`.
 *
 * Order follows upstream: ObjectMeta checks first, then per kind the create-time checks and the
 * update rules in the order that kind's ValidateUpdate runs them. Upstream often reports one error
 * several times (validateCommonFields and the kind both check metadata); the API's message prints
 * each once, and so this list holds each once.
 */
import type { KubeObject } from '../object';
import type { ResourceInfo, ResourceRegistry } from '../resources';
import { builtinSchemaErrors } from './builtin_schema';
import { validateConfigMapUpdate, validateNodeUpdate, validateResourceQuotaUpdate, validateSecretUpdate } from './core_update';
import { crdSchemaErrors } from './crd_schema';
import { type FieldError, formatFieldError } from './errors';
import { type J, asObj } from './json';
import { validateCronJob } from './jobs';
import { KIND_RULES } from './kinds';
import { validateObjectMeta } from './meta';
import { validateObjectMetaUpdate } from './meta_update';
import {
  validateBindingUpdate,
  validateCRDUpdate,
  validateEndpointSliceUpdate,
  validateIngressClassUpdate,
  validatePriorityClassUpdate,
} from './misc_update';
import { nameIsDNSSubdomain } from './names';
import { validatePod } from './pod';
import { validatePodUpdate } from './pod_update';
import { validateServiceUpdate } from './service_update';
import { validatePVCUpdate, validatePVUpdate, validateStorageClassUpdate } from './storage_update';
import {
  validateControllerRevisionUpdate,
  validateJobUpdate,
  validateSelectorUnchanged,
  validateStatefulSetUpdate,
} from './workloads_update';

type UpdateValidator = (obj: J, old: J) => FieldError[];

interface UpdateRules {
  validate: UpdateValidator;
  /**
   * Where the kind's ValidateUpdate runs the create-time checks of the new object: before its
   * update rules (the usual), after them, or not at all.
   */
  create: 'before' | 'after' | 'none';
  /** Replaces the kind's create-time checks where the update path runs a different set. */
  createChecks?: (obj: J) => FieldError[];
}

/**
 * ValidatePodUpdate runs validatePodMetadataAndSpec, not ValidatePodCreate: ephemeral containers
 * (added through their subresource) are not an error on update.
 */
function podUpdateCreateChecks(pod: J): FieldError[] {
  return validatePod(pod).filter((e) => !(e.field === 'spec.ephemeralContainers' && e.detail === 'cannot be set on create'));
}

/**
 * ValidateCronJobUpdate skips the 52-character name limit, so a CronJob created before the limit
 * can still be updated (and its finalizers removed).
 */
function cronJobUpdateCreateChecks(cj: J): FieldError[] {
  return validateCronJob(cj).filter((e) => !(e.field === 'metadata.name' && e.detail === 'must be no more than 52 characters'));
}

/** Per `<apiVersion>/<kind>`: the kinds with update rules. Kinds not listed get the create-time checks only. */
const UPDATE_RULES: Readonly<Record<string, UpdateRules>> = {
  'v1/Pod': { validate: validatePodUpdate, create: 'before', createChecks: podUpdateCreateChecks },
  'v1/Service': { validate: validateServiceUpdate, create: 'after' },
  'v1/ConfigMap': { validate: validateConfigMapUpdate, create: 'after' },
  'v1/Secret': { validate: validateSecretUpdate, create: 'after' },
  'v1/Node': { validate: validateNodeUpdate, create: 'before' },
  // ValidateNamespaceUpdate checks the metadata only.
  'v1/Namespace': { validate: () => [], create: 'none' },
  'v1/ResourceQuota': { validate: validateResourceQuotaUpdate, create: 'before' },
  'v1/PersistentVolumeClaim': { validate: validatePVCUpdate, create: 'before' },
  'v1/PersistentVolume': { validate: validatePVUpdate, create: 'before' },
  'apps/v1/Deployment': { validate: validateSelectorUnchanged, create: 'before' },
  'apps/v1/ReplicaSet': { validate: validateSelectorUnchanged, create: 'before' },
  'apps/v1/DaemonSet': { validate: validateSelectorUnchanged, create: 'before' },
  'apps/v1/StatefulSet': { validate: validateStatefulSetUpdate, create: 'before' },
  'apps/v1/ControllerRevision': { validate: validateControllerRevisionUpdate, create: 'before' },
  'batch/v1/Job': { validate: validateJobUpdate, create: 'before' },
  'batch/v1/CronJob': { validate: () => [], create: 'before', createChecks: cronJobUpdateCreateChecks },
  'discovery.k8s.io/v1/EndpointSlice': { validate: validateEndpointSliceUpdate, create: 'before' },
  'networking.k8s.io/v1/IngressClass': { validate: validateIngressClassUpdate, create: 'after' },
  'storage.k8s.io/v1/StorageClass': { validate: validateStorageClassUpdate, create: 'before' },
  'rbac.authorization.k8s.io/v1/RoleBinding': { validate: validateBindingUpdate, create: 'before' },
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': { validate: validateBindingUpdate, create: 'before' },
  // ValidatePriorityClassUpdate does not re-run the create-time checks.
  'scheduling.k8s.io/v1/PriorityClass': { validate: validatePriorityClassUpdate, create: 'none' },
  'apiextensions.k8s.io/v1/CustomResourceDefinition': { validate: validateCRDUpdate, create: 'before' },
};

/** Each distinct error once, first occurrence first (as `utilerrors.Aggregate` prints them). */
function distinct(errs: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errs.filter((e) => {
    const k = `${e.type}\u0000${formatFieldError(e)}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * Field errors for `obj` replacing the stored `old`; empty when the update is valid. Call it as
 * `validateObject` is called (defaulted object, namespace set), after the API server's update
 * preparation: an empty uid filled from `old`, the stored status carried over for kinds with a
 * status subresource, and — as `Store.Update` does for an unconditional update —
 * `metadata.resourceVersion` set to the stored one when the request had none (an empty one is an
 * error, as upstream).
 */
export function validateObjectUpdate(info: ResourceInfo, obj: KubeObject, old: KubeObject, registry?: ResourceRegistry): FieldError[] {
  const served = (info.crd && registry?.byName(info.name)) || info;
  const meta = asObj(obj.metadata) ?? {};
  const oldMeta = asObj(old.metadata) ?? {};
  if (served.crd) {
    const createMeta = validateObjectMeta(meta, { namespaced: served.namespaced, nameFn: nameIsDNSSubdomain, kubeFinalizers: false });
    const updateMeta = validateObjectMetaUpdate(meta, oldMeta, { kubeFinalizers: false });
    return distinct([...createMeta, ...updateMeta, ...crdSchemaErrors(served, obj)]);
  }
  const typeErrs = builtinSchemaErrors(served, obj);
  if (typeErrs.length > 0) return typeErrs;
  const kindKey = `${served.apiVersion}/${served.kind}`;
  const rules = KIND_RULES[kindKey] ?? { nameFn: nameIsDNSSubdomain };
  const update = UPDATE_RULES[kindKey];
  const isCRD = kindKey === 'apiextensions.k8s.io/v1/CustomResourceDefinition';
  const errs = validateObjectMeta(meta, { namespaced: served.namespaced, nameFn: rules.nameFn, kubeFinalizers: !isCRD });
  errs.push(...validateObjectMetaUpdate(meta, oldMeta, { kubeFinalizers: !isCRD }));
  const createChecks = update?.createChecks ?? rules.validate ?? (() => []);
  const created = update?.create === 'none' ? [] : createChecks(obj as J);
  const updated = update?.validate(obj as J, old as J) ?? [];
  errs.push(...(update?.create === 'after' ? [...updated, ...created] : [...created, ...updated]));
  return distinct(errs);
}
