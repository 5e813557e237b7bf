import type { PersistentVolume, Volume } from 'kubernetes-types/core/v1';
import type { CSINode } from 'kubernetes-types/storage/v1';

/**
 * The part of upstream k8s.io/csi-translation-lib NodeVolumeLimits needs: which in-tree volume kinds
 * are migrated to a CSI driver, and the driver name and volume handle a migrated volume counts as.
 * Only the plugins whose migration is GA and always on in v1.32 are translated (AWS EBS, GCE PD,
 * Azure Disk, Cinder); other in-tree kinds (Azure File, vSphere, Portworx, RBD) are not counted
 * here, as upstream's isCSIMigrationOn returns false for them by default.
 */

export const AWS_EBS_IN_TREE_PLUGIN = 'kubernetes.io/aws-ebs';
export const GCE_PD_IN_TREE_PLUGIN = 'kubernetes.io/gce-pd';
export const AZURE_DISK_IN_TREE_PLUGIN = 'kubernetes.io/azure-disk';
export const CINDER_IN_TREE_PLUGIN = 'kubernetes.io/cinder';

const CSI_DRIVER_BY_PLUGIN: Readonly<Record<string, string>> = {
  [AWS_EBS_IN_TREE_PLUGIN]: 'ebs.csi.aws.com',
  [GCE_PD_IN_TREE_PLUGIN]: 'pd.csi.storage.gke.io',
  [AZURE_DISK_IN_TREE_PLUGIN]: 'disk.csi.azure.com',
  [CINDER_IN_TREE_PLUGIN]: 'cinder.csi.openstack.org',
};

/** csi-translation-lib's placeholder for parts of a GCE volume id the in-tree spec does not carry. */
const UNSPECIFIED = 'UNSPECIFIED';
const LABEL_ZONE = 'topology.kubernetes.io/zone';
const LABEL_BETA_ZONE = 'failure-domain.beta.kubernetes.io/zone';
const LABEL_REGION = 'topology.kubernetes.io/region';
const LABEL_BETA_REGION = 'failure-domain.beta.kubernetes.io/region';

/** The in-tree volume source kinds, as either a pod volume or a PV's spec carries them. */
type InTreeSource = Pick<Volume, 'awsElasticBlockStore' | 'gcePersistentDisk' | 'azureDisk' | 'cinder'>;

/** Upstream GetInTreePluginNameFromSpec for the translated kinds; undefined for anything else. */
export function inTreePluginName(src: InTreeSource): string | undefined {
  if (src.awsElasticBlockStore) return AWS_EBS_IN_TREE_PLUGIN;
  if (src.gcePersistentDisk) return GCE_PD_IN_TREE_PLUGIN;
  if (src.azureDisk) return AZURE_DISK_IN_TREE_PLUGIN;
  if (src.cinder) return CINDER_IN_TREE_PLUGIN;
  return undefined;
}

/** Upstream IsInlineMigratable / IsPVMigratable for the translated kinds. */
export function isMigratable(src: InTreeSource): boolean {
  return inTreePluginName(src) !== undefined;
}

/** Upstream IsMigratableIntreePluginByName (a StorageClass provisioner naming an in-tree plugin). */
export function isMigratableInTreePluginByName(name: string): boolean {
  return CSI_DRIVER_BY_PLUGIN[name] !== undefined;
}

/** Upstream GetCSINameFromInTreeName. */
export function csiNameFromInTreeName(plugin: string): string | undefined {
  return CSI_DRIVER_BY_PLUGIN[plugin];
}

/**
 * Upstream isCSIMigrationOn: the GA migrations are on whenever the node runs a CSINode at all (the
 * migrated-plugins annotation is not consulted for them in v1.32).
 */
export function isCSIMigrationOn(csiNode: CSINode | undefined, plugin: string | undefined): boolean {
  if (!csiNode || !plugin) return false;
  return CSI_DRIVER_BY_PLUGIN[plugin] !== undefined;
}

/** Upstream KubernetesVolumeIDToEBSVolumeID: `aws://<zone>/<vol-id>` → `<vol-id>`; a bare id is kept. */
function ebsVolumeID(id: string): string | undefined {
  if (!id.startsWith('aws://')) return id;
  const rest = id.slice('aws://'.length);
  const slash = rest.indexOf('/');
  const path = slash < 0 ? '' : rest.slice(slash);
  const awsID = path.replace(/^\/+|\/+$/g, '');
  return /^vol-[a-z0-9]+$/.test(awsID) ? awsID : undefined;
}

/**
 * The CSI driver and volume handle an in-tree volume translates to (upstream
 * TranslateInTreeInlineVolumeToCSI / TranslateInTreePVToCSI, the handle only). `labels` are the PV's,
 * which place a GCE disk in a zone or region; an inline volume has none.
 */
export function translateToCSI(src: InTreeSource, labels: Record<string, string> | undefined): { driver: string; handle: string } | undefined {
  if (src.awsElasticBlockStore) {
    const handle = ebsVolumeID(src.awsElasticBlockStore.volumeID);
    return handle === undefined ? undefined : { driver: CSI_DRIVER_BY_PLUGIN[AWS_EBS_IN_TREE_PLUGIN], handle };
  }
  if (src.gcePersistentDisk) {
    const pd = src.gcePersistentDisk.pdName;
    const zones = (labels?.[LABEL_ZONE] ?? labels?.[LABEL_BETA_ZONE] ?? '').split('__').filter((z) => z !== '');
    let handle: string;
    if (zones.length > 1) {
      const region = labels?.[LABEL_REGION] ?? labels?.[LABEL_BETA_REGION] ?? UNSPECIFIED;
      handle = `projects/${UNSPECIFIED}/regions/${region}/disks/${pd}`;
    } else {
      handle = `projects/${UNSPECIFIED}/zones/${zones[0] ?? UNSPECIFIED}/disks/${pd}`;
    }
    return { driver: CSI_DRIVER_BY_PLUGIN[GCE_PD_IN_TREE_PLUGIN], handle };
  }
  if (src.azureDisk) return { driver: CSI_DRIVER_BY_PLUGIN[AZURE_DISK_IN_TREE_PLUGIN], handle: src.azureDisk.diskURI };
  if (src.cinder) return { driver: CSI_DRIVER_BY_PLUGIN[CINDER_IN_TREE_PLUGIN], handle: src.cinder.volumeID };
  return undefined;
}

/** The in-tree source of a PV's spec, for the same helpers. */
export function pvInTreeSource(pv: PersistentVolume): InTreeSource {
  const s = pv.spec ?? {};
  return { awsElasticBlockStore: s.awsElasticBlockStore, gcePersistentDisk: s.gcePersistentDisk, azureDisk: s.azureDisk, cinder: s.cinder };
}
