/**
 * Update rules of storage objects (v1.32: RecoverVolumeExpansionFailure on, VolumeAttributesClass
 * off): a claim's spec is fixed but for its requests, a volume's source is fixed, and a
 * StorageClass keeps its provisioner, parameters, reclaim policy and binding mode.
 */
import { compareQuantity } from '../quantity';
import { type FieldError, forbidden, invalid } from './errors';
import { type J, asObj, isObj, specOf, str } from './json';
import { immutable } from './meta_update';
import { toQuantity } from './numeric';
import { semanticEqual } from './semantic';
import { renderDiff } from './spec_diff';

const BETA_STORAGE_CLASS = 'volume.beta.kubernetes.io/storage-class';
/** VolumeAttributesClass is beta and off by default in v1.32. */
const VAC_GATE_OFF = 'update is forbidden when the VolumeAttributesClass feature gate is disabled';

const annotationsOf = (o: J): Record<string, unknown> => asObj(asObj(o.metadata)?.annotations) ?? {};
const ptrStr = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** A `*string`/`*T` field as a field error prints it: the value, or `null`. */
const ptrValue = (v: unknown): unknown => (v === null ? undefined : v);

function requestedStorage(spec: J): ReturnType<typeof toQuantity>['q'] {
  return toQuantity(asObj(asObj(spec.resources)?.requests)?.storage).q;
}

/** volumeAttributesClassName changes: forbidden while the gate is off; never back to nil once set. */
function validateVACChange(spec: J, oldSpec: J, claim: boolean): FieldError[] {
  if (semanticEqual(spec.volumeAttributesClassName, oldSpec.volumeAttributesClassName)) return [];
  const errs = [forbidden('spec.volumeAttributesClassName', VAC_GATE_OFF)];
  // The checks upstream keeps for objects that already use a class.
  const oldName = ptrStr(oldSpec.volumeAttributesClassName);
  if (oldName !== undefined) {
    const name = ptrStr(spec.volumeAttributesClassName);
    if (name === undefined) errs.push(forbidden('spec.volumeAttributesClassName', 'update from non-nil value to nil is forbidden'));
    else if (claim && name === '') errs.push(forbidden('spec.volumeAttributesClassName', 'update from non-nil value to an empty string is forbidden'));
  }
  return errs;
}

/** ValidatePersistentVolumeClaimUpdate's rules (after the create-time checks of the new claim). */
export function validatePVCUpdate(pvc: J, old: J): FieldError[] {
  const spec = specOf(pvc);
  const oldSpec = specOf(old);
  const errs: FieldError[] = [];
  const newClone: J = structuredClone(spec);
  const oldClone: J = structuredClone(oldSpec);
  // The PV controller sets volumeName once.
  if (!str(oldSpec.volumeName)) {
    if (spec.volumeName === undefined) delete oldClone.volumeName;
    else oldClone.volumeName = spec.volumeName;
  }
  const oldAnn = annotationsOf(old);
  const newAnn = annotationsOf(pvc);
  const oldSc = ptrStr(oldSpec.storageClassName);
  const newSc = ptrStr(spec.storageClassName);
  const upgradeFromAnnotation =
    BETA_STORAGE_CLASS in oldAnn && oldSc === undefined && newSc !== undefined && newSc === oldAnn[BETA_STORAGE_CLASS] &&
    (!(BETA_STORAGE_CLASS in newAnn) || newAnn[BETA_STORAGE_CLASS] === oldAnn[BETA_STORAGE_CLASS]);
  if (upgradeFromAnnotation) {
    delete newClone.storageClassName;
  } else {
    const a = str(newAnn[BETA_STORAGE_CLASS]);
    errs.push(...immutable(a === str(oldAnn[BETA_STORAGE_CLASS]), `metadata.annotations.${BETA_STORAGE_CLASS}`, a));
    // Setting a class on a claim that had none (RetroactiveDefaultStorageClass).
    if (newSc !== undefined && oldSc === undefined && (!(BETA_STORAGE_CLASS in oldAnn) || newSc === oldAnn[BETA_STORAGE_CLASS])) {
      delete newClone.storageClassName;
    }
  }
  const resources = asObj(newClone.resources);
  const requests = asObj(resources?.requests);
  if (str(asObj(pvc.status)?.phase) === 'Bound' && resources && requests) {
    resources.requests = { ...requests, storage: asObj(asObj(oldSpec.resources)?.requests)?.storage };
  }
  if (oldSpec.volumeAttributesClassName === undefined) delete newClone.volumeAttributesClassName;
  else newClone.volumeAttributesClassName = oldClone.volumeAttributesClassName;

  if (!semanticEqual(newClone, oldClone)) {
    const diff = renderDiff('core.PersistentVolumeClaimSpec', oldClone, newClone);
    errs.push(forbidden('spec', `spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n${diff}`));
  }
  const newSize = requestedStorage(spec);
  const oldSize = requestedStorage(oldSpec);
  if (newSize && oldSize && compareQuantity(newSize, oldSize) < 0) {
    // RecoverVolumeExpansionFailure: shrinking back is allowed down to (not onto) the recorded capacity.
    const capacity = toQuantity(asObj(asObj(old.status)?.capacity)?.storage).q;
    if (compareQuantity(newSize, capacity ?? { nanos: 0n, format: 'DecimalSI' }) <= 0) {
      errs.push(forbidden('spec.resources.requests.storage', 'field can not be less than status.capacity'));
    }
  }
  errs.push(...immutable(semanticEqual(spec.volumeMode, oldSpec.volumeMode), 'volumeMode', ptrValue(spec.volumeMode)));
  errs.push(...validateVACChange(spec, oldSpec, true));
  return errs;
}

/** The PersistentVolumeSource fields of a PersistentVolumeSpec. */
const PV_SOURCES = [
  'gcePersistentDisk', 'awsElasticBlockStore', 'hostPath', 'glusterfs', 'nfs', 'rbd', 'iscsi', 'cinder', 'cephfs', 'fc', 'flocker',
  'flexVolume', 'azureFile', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'portworxVolume', 'scaleIO', 'local',
  'storageos', 'csi',
];

function pvSource(spec: J): J {
  const source: J = {};
  for (const f of PV_SOURCES) if (spec[f] !== undefined && spec[f] !== null) source[f] = spec[f];
  return source;
}

/** Beta node labels a PV's node affinity may move to their GA names. */
const BETA_TO_GA_LABEL: Record<string, string> = {
  'failure-domain.beta.kubernetes.io/zone': 'topology.kubernetes.io/zone',
  'failure-domain.beta.kubernetes.io/region': 'topology.kubernetes.io/region',
  'beta.kubernetes.io/os': 'kubernetes.io/os',
  'beta.kubernetes.io/arch': 'kubernetes.io/arch',
  'beta.kubernetes.io/instance-type': 'node.kubernetes.io/instance-type',
};

/** The old node affinity with each requirement renamed where the new one moved a beta key to GA. */
function withGAKeys(oldNA: unknown, newNA: unknown): unknown {
  if (!isObj(oldNA) || !isObj(newNA)) return oldNA;
  const terms = (na: J): J[] => (asObj(na.required)?.nodeSelectorTerms as J[] | undefined) ?? [];
  const newTerms = terms(newNA);
  const renamed = terms(oldNA).map((t, i) => ({
    ...t,
    matchExpressions: Array.isArray(t.matchExpressions)
      ? (t.matchExpressions as J[]).map((req, j) => {
          const newKey = str((newTerms[i]?.matchExpressions as J[] | undefined)?.[j]?.key);
          return newKey && BETA_TO_GA_LABEL[str(req.key)] === newKey ? { ...req, key: newKey } : req;
        })
      : t.matchExpressions,
  }));
  return { ...oldNA, required: { ...asObj(oldNA.required), nodeSelectorTerms: renamed } };
}

/** ValidatePersistentVolumeUpdate's rules (after the create-time checks of the new volume). */
export function validatePVUpdate(pv: J, old: J): FieldError[] {
  const spec = specOf(pv);
  const oldSpec = specOf(old);
  const errs: FieldError[] = [];
  const source = pvSource(spec);
  // A CSI volume may gain a controllerExpandSecretRef.
  const oldCSI = asObj(oldSpec.csi);
  const newCSI = asObj(source.csi);
  if (oldCSI && newCSI && oldCSI.controllerExpandSecretRef == null && newCSI.controllerExpandSecretRef != null) {
    const { controllerExpandSecretRef: _added, ...rest } = newCSI;
    source.csi = rest;
  }
  const oldSource = pvSource(oldSpec);
  if (!semanticEqual(source, oldSource)) {
    const diff = renderDiff('core.PersistentVolumeSource', oldSource, source);
    errs.push(forbidden('spec.persistentvolumesource', `spec.persistentvolumesource is immutable after creation\n${diff}`));
  }
  errs.push(...immutable(semanticEqual(spec.volumeMode, oldSpec.volumeMode), 'volumeMode', ptrValue(spec.volumeMode)));
  if (oldSpec.nodeAffinity != null && !semanticEqual(spec.nodeAffinity, withGAKeys(oldSpec.nodeAffinity, spec.nodeAffinity))) {
    errs.push(invalid('nodeAffinity', ptrValue(spec.nodeAffinity), 'field is immutable, except for updating from beta label to GA'));
  }
  errs.push(...validateVACChange(spec, oldSpec, false));
  return errs;
}

/** ValidateStorageClassUpdate. */
export function validateStorageClassUpdate(sc: J, old: J): FieldError[] {
  const errs: FieldError[] = [];
  if (!semanticEqual(asObj(sc.parameters) ?? {}, asObj(old.parameters) ?? {})) errs.push(forbidden('parameters', 'updates to parameters are forbidden.'));
  if (str(sc.provisioner) !== str(old.provisioner)) errs.push(forbidden('provisioner', 'updates to provisioner are forbidden.'));
  if (str(sc.reclaimPolicy) !== str(old.reclaimPolicy)) errs.push(forbidden('reclaimPolicy', 'updates to reclaimPolicy are forbidden.'));
  errs.push(...immutable(semanticEqual(sc.volumeBindingMode, old.volumeBindingMode), 'volumeBindingMode', ptrValue(sc.volumeBindingMode)));
  return errs;
}
