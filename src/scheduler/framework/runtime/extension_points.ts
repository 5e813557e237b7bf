import type { ExtensionPoint } from '../../apis/config/types';
import type { Plugin } from '../interface';

/**
 * The extension points in upstream's getExtensionPoints order (the order in which a profile's
 * plugin sets are checked, so the same bad profile gives the same first error), each with the Go
 * interface name used in messages and how to tell whether a plugin implements it.
 */
export interface ExtensionPointInfo {
  key: ExtensionPoint;
  goType: string;
  implementedBy(p: Plugin): boolean;
}

const has =
  (...methods: string[]) =>
  (p: Plugin): boolean =>
    methods.every((m) => typeof (p as unknown as Record<string, unknown>)[m] === 'function');

export const EXTENSION_POINT_INFO: readonly ExtensionPointInfo[] = [
  { key: 'preFilter', goType: 'PreFilterPlugin', implementedBy: has('preFilter') },
  { key: 'filter', goType: 'FilterPlugin', implementedBy: has('filter') },
  { key: 'postFilter', goType: 'PostFilterPlugin', implementedBy: has('postFilter') },
  { key: 'reserve', goType: 'ReservePlugin', implementedBy: has('reserve', 'unreserve') },
  { key: 'preScore', goType: 'PreScorePlugin', implementedBy: has('preScore') },
  { key: 'score', goType: 'ScorePlugin', implementedBy: has('score') },
  { key: 'preBind', goType: 'PreBindPlugin', implementedBy: has('preBind') },
  { key: 'bind', goType: 'BindPlugin', implementedBy: has('bind') },
  { key: 'postBind', goType: 'PostBindPlugin', implementedBy: has('postBind') },
  { key: 'permit', goType: 'PermitPlugin', implementedBy: has('permit') },
  { key: 'preEnqueue', goType: 'PreEnqueuePlugin', implementedBy: has('preEnqueue') },
  { key: 'queueSort', goType: 'QueueSortPlugin', implementedBy: has('less') },
];

/** Only these may say which cluster events requeue a pod they rejected (upstream shouldHaveEnqueueExtensions). */
export function canRejectPods(p: Plugin): boolean {
  return has('preEnqueue')(p) || has('preFilter')(p) || has('filter')(p) || has('reserve', 'unreserve')(p) || has('permit')(p);
}
