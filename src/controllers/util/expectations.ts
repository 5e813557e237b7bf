import type { Loop } from '../../sim/loop';

/** `ExpectationsTimeout`: expectations older than this are treated as satisfied (a lost watch event must not wedge a controller). */
export const EXPECTATIONS_TIMEOUT_MS = 5 * 60_000;

interface Expectation {
  add: number;
  del: number;
  /** Keys (`namespace/name`) of the pods whose deletion is expected (UIDTrackingControllerExpectations). */
  deleting: Set<string>;
  timestamp: number;
}

/**
 * controller.UIDTrackingControllerExpectations: what a controller's last sync asked of the API server
 * and has not yet seen in its informers. A sync creates N pods and expects N adds; until the informer
 * has delivered them, the cache undercounts and a new sync would create them again. Contract:
 * `satisfied(key)` is true when nothing is outstanding, when nothing was ever recorded, or when the
 * record is older than 5 minutes.
 */
export class ControllerExpectations {
  private readonly records = new Map<string, Expectation>();

  constructor(private readonly loop: Loop) {}

  satisfied(key: string): boolean {
    const e = this.records.get(key);
    if (!e) return true;
    if (e.add <= 0 && e.del <= 0) return true;
    return this.loop.now - e.timestamp > EXPECTATIONS_TIMEOUT_MS;
  }

  expectCreations(key: string, adds: number): void {
    this.records.set(key, { add: adds, del: 0, deleting: new Set(), timestamp: this.loop.now });
  }

  /** Expects the deletion of these pods (their keys); a pod already seen gone is not waited for. */
  expectDeletions(key: string, podKeys: readonly string[]): void {
    this.records.set(key, { add: 0, del: podKeys.length, deleting: new Set(podKeys), timestamp: this.loop.now });
  }

  /** SetExpectations: creations and deletions at once (the DaemonSet controller's syncNodes). */
  setExpectations(key: string, adds: number, podKeys: readonly string[]): void {
    this.records.set(key, { add: adds, del: podKeys.length, deleting: new Set(podKeys), timestamp: this.loop.now });
  }

  creationObserved(key: string): void {
    const e = this.records.get(key);
    if (e) e.add--;
  }

  /** A create that will never be observed (it failed or was skipped). */
  lowerCreations(key: string, n: number): void {
    const e = this.records.get(key);
    if (e) e.add -= n;
  }

  /** The pod is gone or being deleted: counted once per expected pod. */
  deletionObserved(key: string, podKey: string): void {
    const e = this.records.get(key);
    if (e?.deleting.delete(podKey)) e.del--;
  }

  delete(key: string): void {
    this.records.delete(key);
  }
}
