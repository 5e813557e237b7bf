import type { ClusterEvent } from '../../framework/interface';

/** A cluster event that arrived while some pod was being scheduled. */
export interface InFlightEvent {
  event: ClusterEvent;
  oldObj?: unknown;
  newObj?: unknown;
  /** Set when the event is about one pod in flight (its own update) and concerns no other pod. */
  podUid?: string;
}

type ListNode = { prev?: ListNode; next?: ListNode } & ({ kind: 'pod'; uid: string } | { kind: 'event'; ev: InFlightEvent });

/**
 * The pods popped and not yet done, and the events received since each was popped (upstream
 * activeQueue.inFlightPods / inFlightEvents). One list holds both in arrival order: a pod's events
 * are the event entries after its own entry. So that the list does not grow without end, events
 * older than the oldest in-flight pod are dropped when that pod is done; events are only recorded
 * while at least one pod is in flight.
 */
export class InFlightTracker {
  private head?: ListNode;
  private tail?: ListNode;
  private readonly pods = new Map<string, ListNode>();

  get size(): number {
    return this.pods.size;
  }

  has(uid: string): boolean {
    return this.pods.has(uid);
  }

  /** Marks the pod in flight; false when it already was. */
  addPod(uid: string): boolean {
    if (this.pods.has(uid)) return false;
    this.pods.set(uid, this.push({ kind: 'pod', uid }));
    return true;
  }

  /** Records the event for every pod in flight; false (nothing recorded) when none is. */
  addEventIfAnyInFlight(ev: InFlightEvent): boolean {
    if (this.pods.size === 0) return false;
    this.push({ kind: 'event', ev });
    return true;
  }

  /** The events received since the pod was popped, oldest first; undefined when it is not in flight. */
  eventsFor(uid: string): InFlightEvent[] | undefined {
    const node = this.pods.get(uid);
    if (!node) return undefined;
    const out: InFlightEvent[] = [];
    for (let n = node.next; n; n = n.next) if (n.kind === 'event') out.push(n.ev);
    return out;
  }

  /** Ends the pod's flight; idempotent. */
  done(uid: string): void {
    const node = this.pods.get(uid);
    if (!node) return;
    this.pods.delete(uid);
    this.unlink(node);
    // Events before the oldest remaining pod concern no one any more.
    while (this.head && this.head.kind === 'event') this.unlink(this.head);
  }

  private push(node: ListNode): ListNode {
    node.prev = this.tail;
    if (this.tail) this.tail.next = node;
    else this.head = node;
    this.tail = node;
    return node;
  }

  private unlink(node: ListNode): void {
    if (node.prev) node.prev.next = node.next;
    else this.head = node.next;
    if (node.next) node.next.prev = node.prev;
    else this.tail = node.prev;
    node.prev = node.next = undefined;
  }
}
