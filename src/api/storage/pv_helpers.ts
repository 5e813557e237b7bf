import type { ObjectReference, PersistentVolume, PersistentVolumeClaim, TopologySelectorTerm } from 'kubernetes-types/core/v1';
import { compareQuantity, parseQuantity, type Quantity } from '../quantity';
import { labelSelectorFromObject, SelectorParseError, type Selector } from '../selectors';
import { ANN_BOUND_BY_CONTROLLER, getPersistentVolumeClaimClass, getPersistentVolumeClass } from './storage_util';
import { ParsedNodeSelector } from '../scheduling/node_affinity';

/**
 * PV/PVC matching as the scheduler's volume binder and the PV controller do it (upstream
 * k8s.io/component-helpers/storage/volume pv_helpers.go and helpers.go). Inputs are informer objects
 * and are never changed; GetBindVolumeToClaim returns a copy.
 */

const ZERO = parseQuantity(0);

/** The storage a claim requests (0 when it names none). */
export function claimStorage(pvc: PersistentVolumeClaim): Quantity {
  const q = pvc.spec?.resources?.requests?.storage;
  return q === undefined ? ZERO : parseQuantity(q);
}

/** A volume's capacity (0 when it declares none). */
export function volumeStorage(pv: PersistentVolume): Quantity {
  const q = pv.spec?.capacity?.storage;
  return q === undefined ? ZERO : parseQuantity(q);
}

const pvNodeSelectors = new WeakMap<PersistentVolume, ParsedNodeSelector | null>();

/**
 * Upstream CheckNodeAffinity: the PV's required node affinity against the node's labels only (the
 * node's name is not a field here, so matchFields terms are not checked). A PV without node
 * affinity fits every node. Parsed once per (frozen) PV object.
 */
export function checkNodeAffinity(pv: PersistentVolume, nodeLabels: Record<string, string> | undefined): boolean {
  let sel = pvNodeSelectors.get(pv);
  if (sel === undefined) {
    const req = pv.spec?.nodeAffinity?.required;
    sel = req ? new ParsedNodeSelector(req) : null;
    pvNodeSelectors.set(pv, sel);
  }
  return sel === null ? true : sel.matchLabels(nodeLabels, '');
}

/** Upstream IsVolumeBoundToClaim: the PV's claimRef names this claim (and its uid, when the ref has one). */
export function isVolumeBoundToClaim(pv: PersistentVolume, pvc: PersistentVolumeClaim): boolean {
  const ref = pv.spec?.claimRef;
  if (!ref) return false;
  if (pvc.metadata?.name !== ref.name || (pvc.metadata?.namespace ?? 'default') !== (ref.namespace ?? '')) return false;
  if (ref.uid && pvc.metadata?.uid !== ref.uid) return false;
  return true;
}

/** Upstream CheckVolumeModeMismatches: an unset mode means Filesystem on both sides. */
export function checkVolumeModeMismatches(pvc: PersistentVolumeClaim, pv: PersistentVolume): boolean {
  return (pvc.spec?.volumeMode ?? 'Filesystem') !== (pv.spec?.volumeMode ?? 'Filesystem');
}

/** Upstream CheckAccessModes: the PV offers every access mode the claim asks for. */
export function checkAccessModes(pvc: PersistentVolumeClaim, pv: PersistentVolume): boolean {
  const offered = pv.spec?.accessModes ?? [];
  for (const m of pvc.spec?.accessModes ?? []) if (!offered.includes(m)) return false;
  return true;
}

function claimKey(pvc: PersistentVolumeClaim): string {
  return `${pvc.metadata?.namespace ?? 'default'}/${pvc.metadata?.name ?? ''}`;
}

/**
 * Upstream FindMatchingVolume (VolumeAttributesClass off as in v1.32). On the scheduler path a
 * node is given and delayBinding is true; on the PV controller's path (`controller` set) there is
 * no node, and with delayBinding the controller leaves unbound PVs to the scheduler:
 * - a PV pre-bound to the claim (claimRef) is the answer when it fits the node, and no PV otherwise;
 * - else the smallest Available PV of the claim's class with enough capacity, the same volume mode,
 *   labels matching the claim's selector, node affinity matching the node and every requested
 *   access mode; PVs in `excluded` (chosen for the pod's other claims) and deleted PVs are skipped.
 * @throws Error when the claim's selector does not parse (upstream returns it as an error).
 */
export function findMatchingVolume(
  pvc: PersistentVolumeClaim,
  volumes: readonly PersistentVolume[],
  nodeLabels: Record<string, string> | undefined,
  excluded: ReadonlySet<string>,
  controller?: { delayBinding: boolean },
): PersistentVolume | undefined {
  // VolumeAttributesClass is off in v1.32: a claim asking for one matches no volume.
  if (pvc.spec?.volumeAttributesClassName) return undefined;
  let smallest: PersistentVolume | undefined;
  let smallestQty: Quantity | undefined;
  const requested = claimStorage(pvc);
  const requestedClass = getPersistentVolumeClaimClass(pvc);
  let selector: Selector | undefined;
  if (pvc.spec?.selector) {
    try {
      selector = labelSelectorFromObject(pvc.spec.selector);
    } catch (e) {
      if (e instanceof SelectorParseError) throw new Error(`error creating internal label selector for claim: ${claimKey(pvc)}: ${e.message}`);
      throw e;
    }
  }
  for (const pv of volumes) {
    if (excluded.has(pv.metadata?.name ?? '')) continue;
    if (pv.spec?.claimRef && !isVolumeBoundToClaim(pv, pvc)) continue;
    const qty = volumeStorage(pv);
    if (compareQuantity(qty, requested) < 0) continue;
    if (checkVolumeModeMismatches(pvc, pv)) continue;
    if (pv.metadata?.deletionTimestamp) continue;
    const nodeAffinityValid = controller ? true : checkNodeAffinity(pv, nodeLabels);
    if (isVolumeBoundToClaim(pv, pvc)) {
      // A pre-bound PV that does not fit the node makes the claim unsatisfiable here.
      return nodeAffinityValid ? pv : undefined;
    }
    // Without a node the controller binds only pre-bound volumes of a delayed claim.
    if (controller?.delayBinding) continue;
    if (pv.status?.phase !== 'Available') continue;
    if (selector && !selector.matches(pv.metadata?.labels ?? {})) continue;
    if (getPersistentVolumeClass(pv) !== requestedClass) continue;
    if (!nodeAffinityValid) continue;
    if (!checkAccessModes(pvc, pv)) continue;
    if (!smallest || compareQuantity(smallestQty!, qty) > 0) {
      smallest = pv;
      smallestQty = qty;
    }
  }
  return smallest;
}

/**
 * The PV controller's findBestMatchForClaim (persistentvolume/index.go findByClaim): volumes are
 * grouped by their access-mode set; the groups offering every mode the claim asks for are tried
 * fewest modes first (ties in mode-name order), and the first group with a match gives the
 * smallest fitting volume (fact 164). Within a group, PVs are tried in name order so equal sizes
 * resolve the same way every run.
 * @throws Error when the claim's selector does not parse.
 */
export function findBestMatchForClaim(pvc: PersistentVolumeClaim, volumes: readonly PersistentVolume[], delayBinding: boolean): PersistentVolume | undefined {
  const groups = new Map<string, { modes: string[]; pvs: PersistentVolume[] }>();
  for (const pv of volumes) {
    const modes = [...new Set(pv.spec?.accessModes ?? [])].sort();
    const key = modes.join(',');
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { modes, pvs: [] }));
    g.pvs.push(pv);
  }
  const wanted = pvc.spec?.accessModes ?? [];
  const candidates = [...groups.entries()]
    .filter(([, g]) => wanted.every((m) => g.modes.includes(m)))
    .sort(([ka, a], [kb, b]) => a.modes.length - b.modes.length || (ka < kb ? -1 : ka > kb ? 1 : 0));
  for (const [, g] of candidates) {
    const pvs = [...g.pvs].sort((a, b) => ((a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : 1));
    const best = findMatchingVolume(pvc, pvs, undefined, new Set(), { delayBinding });
    if (best) return best;
  }
  return undefined;
}

/**
 * Upstream checkVolumeSatisfyClaim: why a volume the claim names in spec.volumeName cannot serve
 * it (the message of the VolumeMismatch event), or undefined when it can.
 */
export function checkVolumeSatisfyClaim(pv: PersistentVolume, pvc: PersistentVolumeClaim): string | undefined {
  if (pv.metadata?.deletionTimestamp) return `the volume is marked for deletion "${pv.metadata.name}"`;
  if (compareQuantity(volumeStorage(pv), claimStorage(pvc)) < 0) return `requested PV is too small`;
  if (getPersistentVolumeClass(pv) !== getPersistentVolumeClaimClass(pvc)) return 'storageClassName does not match';
  if (checkVolumeModeMismatches(pvc, pv)) return 'incompatible volumeMode';
  if (!checkAccessModes(pvc, pv)) return 'incompatible accessMode';
  return undefined;
}

/**
 * Upstream GetBindVolumeToClaim: a copy of the PV with claimRef pointing at the claim and
 * `pv.kubernetes.io/bound-by-controller: "yes"` when the binding is the scheduler's doing; `dirty`
 * when anything changed.
 */
export function getBindVolumeToClaim(pv: PersistentVolume, pvc: PersistentVolumeClaim): { pv: PersistentVolume; dirty: boolean } {
  let dirty = false;
  const shouldSetBoundByController = !isVolumeBoundToClaim(pv, pvc);
  const clone = structuredClone(pv) as PersistentVolume & { metadata: NonNullable<PersistentVolume['metadata']>; spec: NonNullable<PersistentVolume['spec']> };
  clone.metadata ??= {};
  clone.spec ??= {};
  const ref = pv.spec?.claimRef;
  const ns = pvc.metadata?.namespace ?? 'default';
  if (!ref || ref.name !== pvc.metadata?.name || ref.namespace !== ns || ref.uid !== pvc.metadata?.uid) {
    const claimRef: ObjectReference = {
      kind: 'PersistentVolumeClaim',
      namespace: ns,
      name: pvc.metadata?.name,
      uid: pvc.metadata?.uid,
      apiVersion: 'v1',
      resourceVersion: pvc.metadata?.resourceVersion,
    };
    (clone.spec as { claimRef?: ObjectReference }).claimRef = claimRef;
    dirty = true;
  }
  if (shouldSetBoundByController && clone.metadata.annotations?.[ANN_BOUND_BY_CONTROLLER] === undefined) {
    (clone.metadata as { annotations?: Record<string, string> }).annotations = { ...(clone.metadata.annotations ?? {}), [ANN_BOUND_BY_CONTROLLER]: 'yes' };
    dirty = true;
  }
  return { pv: clone, dirty };
}

/**
 * Upstream v1helper.MatchTopologySelectorTerms: no terms match every node; otherwise some term
 * with expressions whose every `key In values` holds for the node's labels.
 */
export function matchTopologySelectorTerms(terms: readonly TopologySelectorTerm[] | undefined, labels: Record<string, string> | undefined): boolean {
  if (!terms || terms.length === 0) return true;
  for (const t of terms) {
    const exprs = t.matchLabelExpressions ?? [];
    if (exprs.length === 0) continue;
    let ok = true;
    for (const e of exprs) {
      const v = labels?.[e.key];
      if (v === undefined || !e.values.includes(v)) {
        ok = false;
        break;
      }
    }
    if (ok) return true;
  }
  return false;
}
