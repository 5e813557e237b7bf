import type { NodeCondition } from 'kubernetes-types/core/v1';
import type { Clock } from '../../client/rate_limiter';
import type { ResolvedNodeLifecycleOptions } from './options';
import { EVICTION_RATE_LIMITER_BURST, RateLimitedTimedQueue, TokenBucketLimiter, type ActionFunc } from './rate_limited_queue';
import { STATE_FULL_DISRUPTION, STATE_INITIAL, STATE_NORMAL, STATE_PARTIAL_DISRUPTION, computeZoneState, type ZoneState } from './zones';

/** What `handleDisruption` asks of the controller besides re-rating the tainters. */
export type DisruptionTransition = 'none' | 'enteredFullDisruption' | 'exitedFullDisruption';

/**
 * The per-zone NoExecute tainters and zone states of the node lifecycle controller (upstream's
 * `zoneNoExecuteTainter`, `zoneStates`, `handleDisruption`, `setLimiterInZone`; fact 11).
 *
 * A tainter, once made for a zone, stays (a zone can lose its state when its last node goes, and
 * gets a fresh tainter if it comes back).
 */
export class ZoneTainters {
  private readonly tainters = new Map<string, RateLimitedTimedQueue>();
  private readonly states = new Map<string, ZoneState>();

  constructor(
    private readonly opts: ResolvedNodeLifecycleOptions,
    private readonly clock: Clock,
  ) {}

  get zoneStates(): ReadonlyMap<string, ZoneState> {
    return this.states;
  }

  hasZone(zone: string): boolean {
    return this.states.has(zone);
  }

  /** `addPodEvictorForNewZone`: a new zone starts Initial, with a tainter at the normal rate. */
  addZone(zone: string): void {
    if (this.states.has(zone)) return;
    this.states.set(zone, STATE_INITIAL);
    this.tainters.set(zone, this.newTainter());
  }

  tainter(zone: string): RateLimitedTimedQueue {
    let q = this.tainters.get(zone);
    if (!q) this.tainters.set(zone, (q = this.newTainter()));
    return q;
  }

  /** One round of every zone's tainter; returns how many nodes still wait. */
  tryAll(fn: ActionFunc): number {
    let waiting = 0;
    for (const q of this.tainters.values()) {
      q.try(fn);
      waiting += q.length;
    }
    return waiting;
  }

  /**
   * `handleDisruption`, given the Ready condition of every counted node by zone: a zone's tainter
   * runs at the normal rate, at the secondary rate (or not at all in a cluster of at most
   * `largeClusterThreshold` nodes) while the zone is partially disrupted, and at the normal rate
   * when it is fully disrupted — unless every zone is. Then the controller assumes it is itself cut
   * off: tainting stops, and the caller is told to take the NoExecute taints off every node
   * (`enteredFullDisruption`); when some node is Ready again the rates are restored and the caller
   * restarts every node's clock (`exitedFullDisruption`).
   */
  handleDisruption(zoneToNodeConditions: ReadonlyMap<string, ReadonlyArray<NodeCondition | undefined>>): DisruptionTransition {
    const newStates = new Map<string, ZoneState>();
    let allAreFullyDisrupted = true;
    for (const [zone, conditions] of zoneToNodeConditions) {
      const { state } = computeZoneState(conditions, this.opts.unhealthyZoneThreshold);
      if (state !== STATE_FULL_DISRUPTION) allAreFullyDisrupted = false;
      newStates.set(zone, state);
      if (!this.states.has(zone)) this.states.set(zone, STATE_INITIAL);
    }

    let allWasFullyDisrupted = true;
    for (const [zone, state] of [...this.states]) {
      if (!zoneToNodeConditions.has(zone)) {
        this.states.delete(zone);
        continue;
      }
      if (state !== STATE_FULL_DISRUPTION) {
        allWasFullyDisrupted = false;
        break;
      }
    }

    if (allAreFullyDisrupted && allWasFullyDisrupted) return 'none';
    const size = (zone: string) => zoneToNodeConditions.get(zone)?.length ?? 0;
    if (allAreFullyDisrupted) {
      for (const zone of this.states.keys()) {
        this.tainter(zone).swapLimiter(0);
        this.states.set(zone, STATE_FULL_DISRUPTION);
      }
      return 'enteredFullDisruption';
    }
    if (allWasFullyDisrupted) {
      for (const zone of this.states.keys()) {
        const state = newStates.get(zone)!;
        this.setLimiterInZone(zone, size(zone), state);
        this.states.set(zone, state);
      }
      return 'exitedFullDisruption';
    }
    for (const [zone, state] of this.states) {
      const next = newStates.get(zone)!;
      if (state === next) continue;
      this.setLimiterInZone(zone, size(zone), next);
      this.states.set(zone, next);
    }
    return 'none';
  }

  private setLimiterInZone(zone: string, zoneSize: number, state: ZoneState): void {
    const q = this.tainter(zone);
    switch (state) {
      case STATE_NORMAL:
        q.swapLimiter(this.opts.evictionLimiterQPS);
        return;
      case STATE_PARTIAL_DISRUPTION:
        q.swapLimiter(this.reducedQPS(zoneSize));
        return;
      case STATE_FULL_DISRUPTION:
        q.swapLimiter(this.healthyQPS(zoneSize));
        return;
    }
  }

  /** `HealthyQPSFunc`. */
  private healthyQPS(_nodeNum: number): number {
    return this.opts.evictionLimiterQPS;
  }

  /** `ReducedQPSFunc`: the secondary rate in a large cluster, none in a small one. */
  private reducedQPS(nodeNum: number): number {
    return nodeNum > this.opts.largeClusterThreshold ? this.opts.secondaryEvictionLimiterQPS : 0;
  }

  private newTainter(): RateLimitedTimedQueue {
    return new RateLimitedTimedQueue(new TokenBucketLimiter(this.opts.evictionLimiterQPS, EVICTION_RATE_LIMITER_BURST, this.clock), this.clock);
  }
}
