/** Pod volumes (`ValidateVolumes`) and the volume source list PersistentVolumes share. */
import { type FieldError, duplicate, forbidden, required } from './errors';
import { asObj, objs, str } from './json';
import { validateDNS1123Label } from './names';
import { child, index } from './paths';

/** In upstream's validateVolumeSource order: the first one set counts, later ones are Forbidden. */
export const VOLUME_SOURCES = [
  'emptyDir', 'hostPath', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc', 'azureFile', 'configMap',
  'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected', 'portworxVolume', 'scaleIO', 'storageos',
  'csi', 'ephemeral', 'image',
];

/** ValidateVolumes: names are unique DNS-1123 labels, each volume has exactly one source. Returns the valid names. */
export function validateVolumes(volumes: unknown, path: string, errs: FieldError[]): Set<string> {
  const names = new Set<string>();
  objs(volumes).forEach((vol, i) => {
    const p = index(path, i);
    const el: FieldError[] = [];
    const sources = VOLUME_SOURCES.filter((s) => vol[s] !== undefined && vol[s] !== null);
    if (sources.length === 0) el.push(required(p, 'must specify a volume type'));
    for (const extra of sources.slice(1)) el.push(forbidden(child(p, extra), 'may not specify more than 1 volume type'));
    const secret = asObj(vol.secret);
    if (secret && !str(secret.secretName)) el.push(required(child(p, 'secret', 'secretName')));
    const configMap = asObj(vol.configMap);
    if (configMap && !str(configMap.name)) el.push(required(child(p, 'configMap', 'name')));
    const pvc = asObj(vol.persistentVolumeClaim);
    if (pvc && !str(pvc.claimName)) el.push(required(child(p, 'persistentVolumeClaim', 'claimName')));
    const hostPath = asObj(vol.hostPath);
    if (hostPath && !str(hostPath.path)) el.push(required(child(p, 'hostPath', 'path')));
    const name = str(vol.name);
    if (!name) el.push(required(child(p, 'name')));
    else el.push(...validateDNS1123Label(name, child(p, 'name')));
    if (names.has(name)) el.push(duplicate(child(p, 'name'), name));
    if (el.length === 0) names.add(name);
    else errs.push(...el);
  });
  return names;
}
