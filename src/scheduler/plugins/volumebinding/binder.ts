import type { PersistentVolume, PersistentVolumeClaim, Pod, Volume } from 'kubernetes-types/core/v1';
import type { CSIDriver, CSIStorageCapacity, StorageClass } from 'kubernetes-types/storage/v1';
import type { KubeObject } from '../../../api/object';
import { compareQuantity, parseQuantity, value } from '../../../api/quantity';
import { labelSelectorFromObject } from '../../../api/selectors';
import type { Handle } from '../../framework/interface';
import {
  ANN_BIND_COMPLETED,
  ANN_SELECTED_NODE,
  ephemeralVolumeClaimName,
  ephemeralVolumeIsForPod,
  getPersistentVolumeClaimClass,
  getPersistentVolumeClass,
  getStorageClass,
  NOT_SUPPORTED_PROVISIONER,
  podNamespace,
  RESOURCE_PV,
  RESOURCE_PVC,
} from '../helper/storage';
import { AssumeCache } from './assume_cache';
import { checkNodeAffinity, claimStorage, findMatchingVolume, getBindVolumeToClaim, matchTopologySelectorTerms } from '../../../api/storage/pv_helpers';

/**
 * The scheduler's volume binder (upstream volumebinding/binder.go, v1.32): sorts a pod's claims into
 * bound / unbound-immediate / unbound-delayed, decides per node whether the bound volumes fit and
 * the delayed ones can be matched to existing PVs or provisioned, assumes the decision in Reserve
 * and writes it in PreBind.
 *
 * Differences from upstream, by design of the simulation:
 * - BindPodVolumes issues the API writes and returns; it does not poll (in virtual time) until the
 *   PV controller has completed the binding. The PV controller (workloads) completes it; the
 *   kubelet waits for bound claims before starting the pod.
 * - In-tree PVs are not translated to CSI before the node-affinity check (no simulated node carries
 *   CSI topology labels, so translation could only reject).
 * - Storage capacity tracking reads CSIDriver and CSIStorageCapacity objects through the Handle when
 *   the scheduler's informers serve them; without them no driver has opted in, so every node has room.
 */

/** Conflict reasons (upstream ConflictReason values). */
export const ERR_REASON_BIND_CONFLICT = "node(s) didn't find available persistent volumes to bind";
export const ERR_REASON_NODE_CONFLICT = 'node(s) had volume node affinity conflict';
export const ERR_REASON_NOT_ENOUGH_SPACE = 'node(s) did not have enough free storage';
export const ERR_REASON_PV_NOT_EXIST = 'node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)';

const LABEL_HOSTNAME = 'kubernetes.io/hostname';
const RESOURCE_CSI_DRIVER = 'csidrivers.storage.k8s.io';
const RESOURCE_CSI_STORAGE_CAPACITY = 'csistoragecapacities.storage.k8s.io';

export interface BindingInfo {
  pv: PersistentVolume;
  pvc: PersistentVolumeClaim;
}

/** What the pod needs on one node: PVs to bind to its claims, and claims to provision there. */
export interface PodVolumes {
  staticBindings: BindingInfo[];
  dynamicProvisions: PersistentVolumeClaim[];
}

export interface PodVolumeClaims {
  boundClaims: PersistentVolumeClaim[];
  unboundClaimsDelayBinding: PersistentVolumeClaim[];
  unboundClaimsImmediate: PersistentVolumeClaim[];
  /** Candidate PVs per storage class of the delayed claims. */
  unboundVolumesDelayBinding: Map<string, PersistentVolume[]>;
}

/** An error the plugin turns into an Error status (upstream returns it as `error`). */
export class BinderError extends Error {}

function pvcKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

function keyOfPVC(pvc: PersistentVolumeClaim): string {
  return pvcKey(pvc.metadata?.namespace ?? 'default', pvc.metadata?.name ?? '');
}

/** The PVC a pod volume uses: its claimName, or a generic ephemeral volume's computed name; undefined otherwise. */
export function volumeClaimName(pod: Pod, vol: Volume): { name: string; ephemeral: boolean } | undefined {
  if (vol.persistentVolumeClaim) return { name: vol.persistentVolumeClaim.claimName, ephemeral: false };
  if (vol.ephemeral) return { name: ephemeralVolumeClaimName(pod, vol), ephemeral: true };
  return undefined;
}

export class VolumeBinder {
  readonly pvCache: AssumeCache<PersistentVolume & KubeObject>;
  readonly pvcCache: AssumeCache<PersistentVolumeClaim & KubeObject>;

  constructor(private readonly handle: Handle) {
    this.pvCache = new AssumeCache<PersistentVolume & KubeObject>(
      (name) => handle.get<KubeObject>(RESOURCE_PV, undefined, name) as (PersistentVolume & KubeObject) | undefined,
      () => handle.list<KubeObject>(RESOURCE_PV) as (PersistentVolume & KubeObject)[],
      (pv) => pv.metadata?.name ?? '',
      'PersistentVolume',
    );
    this.pvcCache = new AssumeCache<PersistentVolumeClaim & KubeObject>(
      (key) => {
        const slash = key.indexOf('/');
        return handle.get<KubeObject>(RESOURCE_PVC, key.slice(0, slash), key.slice(slash + 1)) as (PersistentVolumeClaim & KubeObject) | undefined;
      },
      () => handle.list<KubeObject>(RESOURCE_PVC) as (PersistentVolumeClaim & KubeObject)[],
      keyOfPVC,
      'PersistentVolumeClaim',
    );
  }

  /** Upstream isPVCFullyBound: bound to a PV and the PV controller finished (bind-completed). */
  private isPVCFullyBound(pvc: PersistentVolumeClaim): boolean {
    return !!pvc.spec?.volumeName && pvc.metadata?.annotations?.[ANN_BIND_COMPLETED] !== undefined;
  }

  /** Upstream isVolumeBound: a non-PVC volume counts as bound; the claim of a PVC volume is returned with its state. */
  private isVolumeBound(pod: Pod, vol: Volume): { bound: boolean; pvc?: PersistentVolumeClaim } {
    const claim = volumeClaimName(pod, vol);
    if (!claim) return { bound: true };
    const key = pvcKey(podNamespace(pod), claim.name);
    const pvc = this.pvcCache.get(key);
    if (!pvc) throw new BinderError(`error getting PVC "${key}": could not find v1.PersistentVolumeClaim "${key}"`);
    if (claim.ephemeral) {
      const e = ephemeralVolumeIsForPod(pod, pvc);
      if (e) throw new BinderError(e);
    }
    return { bound: this.isPVCFullyBound(pvc), pvc };
  }

  /**
   * Upstream IsDelayBindingMode: whether the claim's class binds on first consumer. No class, or a
   * class not (yet) in the informer, means Immediate.
   */
  private isDelayBindingMode(pvc: PersistentVolumeClaim): boolean {
    const className = getPersistentVolumeClaimClass(pvc);
    if (className === '') return false;
    const sc = getStorageClass(this.handle, className);
    if (!sc) return false;
    if (!sc.volumeBindingMode) throw new BinderError(`VolumeBindingMode not set for StorageClass "${className}"`);
    return sc.volumeBindingMode === 'WaitForFirstConsumer';
  }

  /**
   * Upstream GetPodVolumeClaims. A claim already naming a volume but not fully bound is treated as
   * an unbound Immediate claim: the PV controller must finish it first.
   * @throws BinderError
   */
  getPodVolumeClaims(pod: Pod): PodVolumeClaims {
    const out: PodVolumeClaims = { boundClaims: [], unboundClaimsDelayBinding: [], unboundClaimsImmediate: [], unboundVolumesDelayBinding: new Map() };
    for (const vol of pod.spec?.volumes ?? []) {
      const { bound, pvc } = this.isVolumeBound(pod, vol);
      if (!pvc) continue;
      if (bound) out.boundClaims.push(pvc);
      else if (this.isDelayBindingMode(pvc) && !pvc.spec?.volumeName) out.unboundClaimsDelayBinding.push(pvc);
      else out.unboundClaimsImmediate.push(pvc);
    }
    if (out.unboundClaimsDelayBinding.length > 0) {
      const all = this.pvCache.list();
      for (const pvc of out.unboundClaimsDelayBinding) {
        const cls = getPersistentVolumeClaimClass(pvc);
        if (!out.unboundVolumesDelayBinding.has(cls)) out.unboundVolumesDelayBinding.set(cls, all.filter((pv) => getPersistentVolumeClass(pv) === cls));
      }
    }
    return out;
  }

  /**
   * Upstream GetEligibleNodes: when bound claims use local PVs pinned by `kubernetes.io/hostname In`,
   * only those nodes (intersected over the claims) can work; undefined when there is no such pin or
   * a PV is missing.
   */
  getEligibleNodes(boundClaims: readonly PersistentVolumeClaim[]): Set<string> | undefined {
    if (boundClaims.length === 0) return undefined;
    let eligible: Set<string> | undefined;
    for (const pvc of boundClaims) {
      const pv = this.pvCache.get(pvc.spec?.volumeName ?? '');
      if (!pv) return undefined;
      const names = localPersistentVolumeNodeNames(pv);
      if (names.length === 0) continue;
      eligible = eligible ? new Set(names.filter((n) => eligible!.has(n))) : new Set(names);
    }
    return eligible;
  }

  /**
   * Upstream FindPodVolumes for one node. Returns the reasons the node does not work (empty when it
   * does) and, when it does, the bindings/provisions to make there.
   * @throws BinderError
   */
  findPodVolumes(pod: Pod, claims: PodVolumeClaims, nodeName: string, nodeLabels: Record<string, string> | undefined): { podVolumes: PodVolumes; reasons: string[] } {
    let boundVolumesSatisfied = true;
    let boundPVsFound = true;
    let unboundVolumesSatisfied = true;
    let sufficientStorage = true;
    const podVolumes: PodVolumes = { staticBindings: [], dynamicProvisions: [] };
    const reasons = (): string[] => {
      const r: string[] = [];
      if (!boundVolumesSatisfied) r.push(ERR_REASON_NODE_CONFLICT);
      if (!unboundVolumesSatisfied) r.push(ERR_REASON_BIND_CONFLICT);
      if (!sufficientStorage) r.push(ERR_REASON_NOT_ENOUGH_SPACE);
      if (!boundPVsFound) r.push(ERR_REASON_PV_NOT_EXIST);
      return r;
    };

    for (const pvc of claims.boundClaims) {
      const pv = this.pvCache.get(pvc.spec?.volumeName ?? '');
      if (!pv) {
        boundPVsFound = false;
        break;
      }
      if (!checkNodeAffinity(pv, nodeLabels)) {
        boundVolumesSatisfied = false;
        break;
      }
    }

    if (claims.unboundClaimsDelayBinding.length > 0) {
      const toFindMatching: PersistentVolumeClaim[] = [];
      let toProvision: PersistentVolumeClaim[] = [];
      for (const pvc of claims.unboundClaimsDelayBinding) {
        const selected = pvc.metadata?.annotations?.[ANN_SELECTED_NODE];
        if (selected !== undefined) {
          // Already being provisioned for some node: only that node can work.
          if (selected !== nodeName) {
            unboundVolumesSatisfied = false;
            return { podVolumes, reasons: reasons() };
          }
          toProvision.push(pvc);
        } else {
          toFindMatching.push(pvc);
        }
      }
      if (toFindMatching.length > 0) {
        const m = this.findMatchingVolumes(toFindMatching, claims.unboundVolumesDelayBinding, nodeLabels);
        unboundVolumesSatisfied = m.foundMatches;
        podVolumes.staticBindings = m.bindings;
        toProvision = toProvision.concat(m.unboundClaims);
      }
      if (toProvision.length > 0) {
        const p = this.checkVolumeProvisions(toProvision, nodeLabels);
        unboundVolumesSatisfied = p.provisionSatisfied;
        sufficientStorage = p.sufficientStorage;
        podVolumes.dynamicProvisions = p.dynamicProvisions;
      }
    }
    return { podVolumes, reasons: reasons() };
  }

  /** Upstream findMatchingVolumes: smallest claims first, each PV used at most once for the pod. */
  private findMatchingVolumes(
    claimsToBind: readonly PersistentVolumeClaim[],
    pvsByClass: ReadonlyMap<string, PersistentVolume[]>,
    nodeLabels: Record<string, string> | undefined,
  ): { foundMatches: boolean; bindings: BindingInfo[]; unboundClaims: PersistentVolumeClaim[] } {
    const sorted = [...claimsToBind].sort((a, b) => compareQuantity(claimStorage(a), claimStorage(b)));
    const chosen = new Set<string>();
    const bindings: BindingInfo[] = [];
    const unboundClaims: PersistentVolumeClaim[] = [];
    let foundMatches = true;
    for (const pvc of sorted) {
      let pv: PersistentVolume | undefined;
      try {
        pv = findMatchingVolume(pvc, pvsByClass.get(getPersistentVolumeClaimClass(pvc)) ?? [], nodeLabels, chosen);
      } catch (e) {
        throw new BinderError((e as Error).message);
      }
      if (!pv) {
        unboundClaims.push(pvc);
        foundMatches = false;
        continue;
      }
      chosen.add(pv.metadata?.name ?? '');
      bindings.push({ pv, pvc });
    }
    return { foundMatches, bindings, unboundClaims };
  }

  /**
   * Upstream checkVolumeProvisions: each claim's class must have a real provisioner, allow this
   * node's topology, and (for CSI drivers that opted into capacity tracking) have room here.
   * @throws BinderError when a claim has no class or its class is missing
   */
  private checkVolumeProvisions(
    claims: readonly PersistentVolumeClaim[],
    nodeLabels: Record<string, string> | undefined,
  ): { provisionSatisfied: boolean; sufficientStorage: boolean; dynamicProvisions: PersistentVolumeClaim[] } {
    const dynamicProvisions: PersistentVolumeClaim[] = [];
    for (const pvc of claims) {
      const className = getPersistentVolumeClaimClass(pvc);
      if (className === '') throw new BinderError(`no class for claim "${keyOfPVC(pvc)}"`);
      const sc = getStorageClass(this.handle, className);
      if (!sc) throw new BinderError(`failed to find storage class "${className}"`);
      const provisioner = sc.provisioner;
      if (!provisioner || provisioner === NOT_SUPPORTED_PROVISIONER) return { provisionSatisfied: false, sufficientStorage: true, dynamicProvisions: [] };
      if (!matchTopologySelectorTerms(sc.allowedTopologies, nodeLabels)) return { provisionSatisfied: false, sufficientStorage: true, dynamicProvisions: [] };
      if (!this.hasEnoughCapacity(provisioner, pvc, sc, nodeLabels)) return { provisionSatisfied: true, sufficientStorage: false, dynamicProvisions: [] };
      dynamicProvisions.push(pvc);
    }
    return { provisionSatisfied: true, sufficientStorage: true, dynamicProvisions };
  }

  /**
   * Upstream hasEnoughCapacity: only for CSI drivers with `storageCapacity: true`; then some
   * CSIStorageCapacity of the class, reachable from the node (nodeTopology selector), must offer at
   * least the requested size (maximumVolumeSize preferred over capacity).
   */
  private hasEnoughCapacity(provisioner: string, pvc: PersistentVolumeClaim, sc: StorageClass, nodeLabels: Record<string, string> | undefined): boolean {
    const requested = pvc.spec?.resources?.requests?.storage;
    if (requested === undefined) return true;
    const driver = this.optionalGet<CSIDriver>(RESOURCE_CSI_DRIVER, provisioner);
    if (!driver || !driver.spec?.storageCapacity) return true;
    const size = value(parseQuantity(requested));
    for (const cap of this.optionalList<CSIStorageCapacity>(RESOURCE_CSI_STORAGE_CAPACITY)) {
      if (cap.storageClassName !== sc.metadata?.name) continue;
      const limit = cap.maximumVolumeSize ?? cap.capacity;
      if (limit === undefined || value(parseQuantity(limit)) < size) continue;
      if (!cap.nodeTopology) continue;
      try {
        if (labelSelectorFromObject(cap.nodeTopology).matches(nodeLabels ?? {})) return true;
      } catch {
        // An unparsable topology selector reaches no node (upstream logs it and moves on).
      }
    }
    return false;
  }

  /** A lookup of a resource the scheduler's informers may not serve: not served reads as absent. */
  private optionalGet<T>(resource: string, name: string): T | undefined {
    try {
      return this.handle.get<KubeObject>(resource, undefined, name) as T | undefined;
    } catch {
      return undefined;
    }
  }

  private optionalList<T>(resource: string): T[] {
    try {
      return this.handle.list<KubeObject>(resource) as T[];
    } catch {
      return [];
    }
  }

  /** Upstream arePodVolumesBound: every PVC volume's claim is fully bound (assumed state included). */
  private arePodVolumesBound(pod: Pod): boolean {
    for (const vol of pod.spec?.volumes ?? []) {
      const claim = volumeClaimName(pod, vol);
      if (!claim) continue;
      const pvc = this.pvcCache.get(pvcKey(podNamespace(pod), claim.name));
      if (!pvc || !this.isPVCFullyBound(pvc)) return false;
    }
    return true;
  }

  /**
   * Upstream AssumePodVolumes: records the PV→PVC bindings and the `selected-node` annotations in the
   * caches so later cycles see them, and rewrites `podVolumes` to the assumed objects PreBind will
   * write. Returns true when everything was already bound.
   * @throws BinderError when an object cannot be assumed (already reverted)
   */
  assumePodVolumes(pod: Pod, nodeName: string, podVolumes: PodVolumes): boolean {
    if (this.arePodVolumesBound(pod)) return true;
    const newBindings: BindingInfo[] = [];
    const newProvisioned: PersistentVolumeClaim[] = [];
    try {
      for (const b of podVolumes.staticBindings) {
        const { pv, dirty } = getBindVolumeToClaim(b.pv, b.pvc);
        if (dirty) this.pvCache.assume(pv as PersistentVolume & KubeObject);
        newBindings.push({ pv, pvc: b.pvc });
      }
      for (const claim of podVolumes.dynamicProvisions) {
        const clone = structuredClone(claim) as PersistentVolumeClaim & KubeObject;
        clone.metadata = { ...(clone.metadata ?? {}), annotations: { ...(clone.metadata?.annotations ?? {}), [ANN_SELECTED_NODE]: nodeName } };
        this.pvcCache.assume(clone);
        newProvisioned.push(clone);
      }
    } catch (e) {
      this.revertAssumed(newBindings, newProvisioned);
      throw new BinderError((e as Error).message);
    }
    podVolumes.staticBindings = newBindings;
    podVolumes.dynamicProvisions = newProvisioned;
    return false;
  }

  /** Upstream RevertAssumedPodVolumes (Unreserve): drop the assumptions; the informer view returns. */
  revertAssumedPodVolumes(podVolumes: PodVolumes): void {
    this.revertAssumed(podVolumes.staticBindings, podVolumes.dynamicProvisions);
  }

  private revertAssumed(bindings: readonly BindingInfo[], claims: readonly PersistentVolumeClaim[]): void {
    for (const b of bindings) this.pvCache.restore(b.pv.metadata?.name ?? '');
    for (const c of claims) this.pvcCache.restore(keyOfPVC(c));
  }

  /**
   * Upstream bindAPIUpdate: PV updates carrying the claimRef for static bindings, then PVC updates
   * carrying `selected-node` for provisioning; the PV controller and the provisioner do the rest.
   * A failed write throws the API's StatusError (nothing is rolled back, as upstream).
   */
  bindPodVolumes(podVolumes: PodVolumes): void {
    const client = this.handle.client();
    for (const b of podVolumes.staticBindings) b.pv = client.update<KubeObject>(RESOURCE_PV, b.pv as KubeObject) as PersistentVolume;
    podVolumes.dynamicProvisions = podVolumes.dynamicProvisions.map(
      (c) => client.update<KubeObject>(RESOURCE_PVC, c as KubeObject) as PersistentVolumeClaim,
    );
  }
}

/**
 * Upstream util.GetLocalPersistentVolumeNodeNames: the union over the PV's required terms of the
 * intersection of their `kubernetes.io/hostname In` values (hostname label values taken as node names).
 */
export function localPersistentVolumeNodeNames(pv: PersistentVolume): string[] {
  const terms = pv.spec?.nodeAffinity?.required?.nodeSelectorTerms;
  if (!terms) return [];
  const result = new Set<string>();
  for (const t of terms) {
    let nodes: Set<string> | undefined;
    for (const e of t.matchExpressions ?? []) {
      if (e.key !== LABEL_HOSTNAME || e.operator !== 'In') continue;
      const vals = new Set(e.values ?? []);
      nodes = nodes ? new Set([...nodes].filter((n) => vals.has(n))) : vals;
    }
    for (const n of nodes ?? []) result.add(n);
  }
  return [...result].sort();
}
