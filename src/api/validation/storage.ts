/** PersistentVolumes, PersistentVolumeClaims and StorageClasses. */
import { ERR_FORMAT_WRONG, formatQuantity, sign } from '../quantity';
import { type FieldError, GoValue, forbidden, invalid, notSupported, required } from './errors';
import { type J, asList, asObj, specOf, str } from './json';
import { validateLabelSelector } from './labels';
import { validateDNS1123Subdomain, validateQualifiedName } from './names';
import { toQuantity } from './numeric';
import { child, key } from './paths';
import { VOLUME_SOURCES } from './volumes';

const SUPPORTED_ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];

function validateAccessModes(modes: unknown, path: string, requiredDetail: string): FieldError[] {
  const list = asList(modes).map(str);
  if (list.length === 0) return [required(path, requiredDetail)];
  return list.filter((m) => !SUPPORTED_ACCESS_MODES.includes(m)).map((m) => notSupported(path, m, SUPPORTED_ACCESS_MODES));
}

function validatePVCSpec(spec: J, path: string): FieldError[] {
  const errs = validateAccessModes(spec.accessModes, child(path, 'accessModes'), 'at least 1 access mode is required');
  errs.push(...validateLabelSelector(spec.selector, child(path, 'selector')));
  const storagePath = key(child(path, 'resources'), 'storage');
  const raw = asObj(asObj(spec.resources)?.requests)?.storage;
  if (raw === undefined || raw === null) errs.push(required(storagePath));
  else {
    const { q, error } = toQuantity(raw);
    if (!q) errs.push(invalid(storagePath, String(raw), error ?? ERR_FORMAT_WRONG));
    else if (sign(q) <= 0) errs.push(invalid(storagePath, formatQuantity(q), 'must be greater than zero'));
  }
  const mode = spec.volumeMode;
  if (mode !== undefined && mode !== null && mode !== 'Block' && mode !== 'Filesystem') {
    errs.push(notSupported(child(path, 'volumeMode'), str(mode), ['Block', 'Filesystem']));
  }
  if (typeof spec.storageClassName === 'string' && spec.storageClassName !== '') {
    errs.push(...validateDNS1123Subdomain(spec.storageClassName, child(path, 'storageClassName')));
  }
  return errs;
}

export function validatePVC(pvc: J): FieldError[] {
  return validatePVCSpec(specOf(pvc), 'spec');
}

export function validatePV(pv: J): FieldError[] {
  const spec = specOf(pv);
  const errs = validateAccessModes(spec.accessModes, 'spec.accessModes', '');
  const capacity = asObj(spec.capacity) ?? {};
  if (Object.keys(capacity).length === 0) errs.push(required('spec.capacity'));
  else if (!('storage' in capacity) || Object.keys(capacity).length > 1) {
    errs.push(notSupported('spec.capacity', new GoValue('core.ResourceList{…}'), ['storage']));
  } else {
    const { q } = toQuantity(capacity.storage);
    if (q && sign(q) <= 0) errs.push(invalid('spec.capacity[storage]', formatQuantity(q), 'must be greater than zero'));
  }
  const sources = VOLUME_SOURCES.concat(['local']).filter((s) => spec[s] !== undefined && spec[s] !== null && !['emptyDir', 'secret', 'configMap', 'downwardAPI', 'projected', 'ephemeral', 'gitRepo', 'image'].includes(s));
  if (sources.length === 0) errs.push(required('spec', 'must specify a volume type'));
  for (const extra of sources.slice(1)) errs.push(forbidden(child('spec', extra), 'may not specify more than 1 volume type'));
  const policy = str(spec.persistentVolumeReclaimPolicy);
  if (policy && !['Delete', 'Recycle', 'Retain'].includes(policy)) {
    errs.push(notSupported('spec.persistentVolumeReclaimPolicy', policy, ['Delete', 'Recycle', 'Retain']));
  }
  if (typeof spec.storageClassName === 'string' && spec.storageClassName !== '') {
    errs.push(...validateDNS1123Subdomain(spec.storageClassName, 'spec.storageClassName'));
  }
  return errs;
}

export function validateStorageClass(sc: J): FieldError[] {
  const errs: FieldError[] = [];
  const provisioner = str(sc.provisioner);
  if (!provisioner) errs.push(required('provisioner'));
  else errs.push(...validateQualifiedName(provisioner.toLowerCase(), 'provisioner').map((e) => ({ ...e, value: provisioner })));
  const policy = str(sc.reclaimPolicy);
  if (!['Delete', 'Retain'].includes(policy)) errs.push(notSupported('reclaimPolicy', policy, ['Delete', 'Retain']));
  const mode = str(sc.volumeBindingMode);
  if (!mode) errs.push(required('volumeBindingMode'));
  else if (!['Immediate', 'WaitForFirstConsumer'].includes(mode)) errs.push(notSupported('volumeBindingMode', mode, ['Immediate', 'WaitForFirstConsumer']));
  return errs;
}
