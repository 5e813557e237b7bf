import type { NamespaceCondition, NamespaceStatus } from 'kubernetes-types/core/v1';

/**
 * The namespace status conditions the namespace controller maintains while it empties a namespace
 * (pkg/controller/namespace/deletion/status_condition_utils.go, SEMANTICS fact 154).
 *
 * Contract: every sync builds a fresh `NamespaceConditionUpdater`, feeds it what went wrong and
 * what remains, then `update(status)` writes all five condition types: a failure variant (status
 * True) for what was reported, the "ok" variant (status False) for everything else. A condition's
 * lastTransitionTime moves only when its status flips, as upstream.
 */

export const NamespaceDeletionDiscoveryFailure = 'NamespaceDeletionDiscoveryFailure';
export const NamespaceDeletionGVParsingFailure = 'NamespaceDeletionGroupVersionParsingFailure';
export const NamespaceDeletionContentFailure = 'NamespaceDeletionContentFailure';
export const NamespaceContentRemaining = 'NamespaceContentRemaining';
export const NamespaceFinalizersRemaining = 'NamespaceFinalizersRemaining';

/** In the order upstream writes them into `status.conditions`. */
export const CONDITION_TYPES: readonly string[] = [
  NamespaceDeletionDiscoveryFailure,
  NamespaceDeletionGVParsingFailure,
  NamespaceDeletionContentFailure,
  NamespaceContentRemaining,
  NamespaceFinalizersRemaining,
];

const OK_MESSAGES: Readonly<Record<string, string>> = {
  [NamespaceDeletionDiscoveryFailure]: 'All resources successfully discovered',
  [NamespaceDeletionGVParsingFailure]: 'All legacy kube types successfully parsed',
  [NamespaceDeletionContentFailure]: 'All content successfully deleted, may be waiting on finalization',
  [NamespaceContentRemaining]: 'All content successfully removed',
  [NamespaceFinalizersRemaining]: 'All content-preserving finalizers finished',
};

const OK_REASONS: Readonly<Record<string, string>> = {
  [NamespaceDeletionDiscoveryFailure]: 'ResourcesDiscovered',
  [NamespaceDeletionGVParsingFailure]: 'ParsedGroupVersions',
  [NamespaceDeletionContentFailure]: 'ContentDeleted',
  [NamespaceContentRemaining]: 'ContentRemoved',
  [NamespaceFinalizersRemaining]: 'ContentHasNoFinalizers',
};

/** What is left in a namespace after one pass (upstream `allGVRDeletionMetadata`). */
export interface ContentTotals {
  /** Resources with instances left; `group` is '' for the core group. */
  remaining: ReadonlyArray<{ group: string; resource: string; count: number }>;
  /** Finalizer name -> how many remaining instances carry it. */
  finalizers: ReadonlyMap<string, number>;
}

export class NamespaceConditionUpdater {
  private readonly newConditions: NamespaceCondition[] = [];
  private readonly deleteContentErrors: string[] = [];

  /** `now`: metav1.Now() of this sync, RFC 3339. */
  constructor(private readonly now: string) {}

  /** `failedGroups`: how many groups failed when discovery reports an ErrGroupDiscoveryFailed. */
  processDiscoverResourcesErr(message: string, failedGroups?: number): void {
    const msg = failedGroups === undefined ? message : `Discovery failed for some groups, ${failedGroups} failing: ${message}`;
    this.newConditions.push(this.failure(NamespaceDeletionDiscoveryFailure, 'DiscoveryFailed', msg));
  }

  processGroupVersionErr(message: string): void {
    this.newConditions.push(this.failure(NamespaceDeletionGVParsingFailure, 'GroupVersionParsingFailed', message));
  }

  processDeleteContentErr(message: string): void {
    this.deleteContentErrors.push(message);
  }

  processContentTotals(totals: ContentTotals): void {
    if (totals.remaining.length) {
      // Upstream prints `gvr.Resource + "." + gvr.Group`, so core kinds read `pods. has 2 ...`.
      const parts = totals.remaining.filter((r) => r.count > 0).map((r) => `${r.resource}.${r.group} has ${r.count} resource instances`);
      this.newConditions.push(
        this.failure(NamespaceContentRemaining, 'SomeResourcesRemain', `Some resources are remaining: ${goSort(parts).join(', ')}`),
      );
    }
    if (totals.finalizers.size) {
      const parts = [...totals.finalizers].filter(([, n]) => n > 0).map(([f, n]) => `${f} in ${n} resource instances`);
      this.newConditions.push(
        this.failure(
          NamespaceFinalizersRemaining,
          'SomeFinalizersRemain',
          `Some content in the namespace has finalizers remaining: ${goSort(parts).join(', ')}`,
        ),
      );
    }
  }

  /** Writes the conditions into `status` (a mutable copy); returns whether anything changed. */
  update(status: NamespaceStatus): boolean {
    if (!find(this.newConditions, NamespaceDeletionContentFailure) && this.deleteContentErrors.length) {
      const msgs = goSort([...this.deleteContentErrors]);
      this.newConditions.push(
        this.failure(
          NamespaceDeletionContentFailure,
          'ContentDeletionFailed',
          `Failed to delete all resource types, ${msgs.length} remaining: ${msgs.join(', ')}`,
        ),
      );
    }
    const conditions = (status.conditions ??= []);
    let changed = false;
    for (const type of CONDITION_TYPES) {
      const next = find(this.newConditions, type) ?? this.success(type);
      const old = find(conditions, type);
      if (!old) {
        conditions.push({ ...next });
        changed = true;
      } else if (old.status !== next.status || old.message !== next.message || old.reason !== next.reason) {
        if (old.status !== next.status) old.lastTransitionTime = this.now;
        old.status = next.status;
        old.reason = next.reason;
        old.message = next.message;
        changed = true;
      }
    }
    return changed;
  }

  private failure(type: string, reason: string, message: string): NamespaceCondition {
    return { type, status: 'True', lastTransitionTime: this.now, reason, message };
  }

  private success(type: string): NamespaceCondition {
    return { type, status: 'False', lastTransitionTime: this.now, reason: OK_REASONS[type], message: OK_MESSAGES[type] };
  }
}

function find(conditions: NamespaceCondition[], type: string): NamespaceCondition | undefined {
  return conditions.find((c) => c.type === type);
}

/** Go's sort.Strings: byte order, not locale order. */
function goSort(xs: string[]): string[] {
  return xs.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
