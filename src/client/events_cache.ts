import type { CoreEvent, EventClock } from './event_types';
import { Lru } from './lru';
import { TokenBucket } from './rate_limiter';

/**
 * client-go `tools/record/events_cache.go`: the `EventCorrelator` that filters, aggregates and
 * de-duplicates events before they are written (SEMANTICS fact 183).
 *
 * - Aggregation: events that share source, involved object, type, reason and reporting
 *   controller/instance but differ in message are "similar". When the 10th distinct message of a
 *   group is seen within 600s of the group's previous event, the event becomes an aggregate:
 *   message `(combined from similar events): <message>`, correlated under the group's key.
 * - De-duplication: an event whose correlation key was seen before (identical event, or the
 *   group's aggregate) becomes a patch of the earlier Event: `count + 1`, new `lastTimestamp`.
 *   Like upstream this is bounded by the LRU cache (4096 keys), not by time.
 * - Spam filter: a token bucket per source + involved object, burst 25, refilling 1 per 300s;
 *   an event without a token is skipped.
 */

const MAX_LRU_CACHE_ENTRIES = 4096;
export const DEFAULT_AGGREGATE_MAX_EVENTS = 10;
export const DEFAULT_AGGREGATE_INTERVAL_SECONDS = 600;
export const DEFAULT_SPAM_BURST = 25;
/** Upstream's `float32(1. / 300.)`. */
export const DEFAULT_SPAM_QPS = Math.fround(1 / 300);
export const AGGREGATE_MESSAGE_PREFIX = '(combined from similar events): ';

/** Keys are joined without a separator, as upstream's `strings.Join(..., "")`. */
export function getEventKey(e: CoreEvent): string {
  const o = e.involvedObject;
  // Plain concatenation: this runs for every event recorded.
  return (
    (e.source.component ?? '') +
    (e.source.host ?? '') +
    (o.kind ?? '') +
    (o.namespace ?? '') +
    (o.name ?? '') +
    (o.fieldPath ?? '') +
    (o.uid ?? '') +
    (o.apiVersion ?? '') +
    (e.type ?? '') +
    (e.reason ?? '') +
    (e.message ?? '')
  );
}

export function getSpamKey(e: CoreEvent): string {
  const o = e.involvedObject;
  return (e.source.component ?? '') + (e.source.host ?? '') + (o.kind ?? '') + (o.namespace ?? '') + (o.name ?? '') + (o.uid ?? '') + (o.apiVersion ?? '');
}

/** `EventAggregatorByReasonFunc`: the group key and the event's key within the group (its message). */
export function eventAggregatorByReason(e: CoreEvent): [aggregateKey: string, localKey: string] {
  const o = e.involvedObject;
  const aggregateKey =
    (e.source.component ?? '') +
    (e.source.host ?? '') +
    (o.kind ?? '') +
    (o.namespace ?? '') +
    (o.name ?? '') +
    (o.uid ?? '') +
    (o.apiVersion ?? '') +
    (e.type ?? '') +
    (e.reason ?? '') +
    (e.reportingComponent ?? '') +
    (e.reportingInstance ?? '');
  return [aggregateKey, e.message];
}

export interface EventCorrelateResult {
  /** The event to write (absent when skipped). */
  event?: CoreEvent;
  /** When set, patch the existing Event `event.metadata.name` with this strategic merge patch. */
  patch?: Record<string, unknown>;
  /** The spam filter dropped the event. */
  dropped: boolean;
  /** The key the event was observed under (for `renamed`). */
  cacheKey?: string;
  /** Whether `cacheKey` is also the written event's own `getEventKey` (it was not aggregated). */
  ownKey?: boolean;
}

interface AggregateRecord {
  /** Distinct messages seen in the group, in insertion order. */
  /**
   * A set (no repeats), kept as an array: it holds at most maxEvents (10) messages, and the cache
   * keeps up to 4096 records, most of them with one message, where a Set costs several times more.
   */
  localKeys: string[];
  lastTimestampMs: number;
}

interface EventLog {
  count: number;
  firstTimestamp: string;
  name: string;
  resourceVersion: string | undefined;
}

export class EventCorrelator {
  private readonly aggregateCache = new Lru<AggregateRecord>(MAX_LRU_CACHE_ENTRIES);
  private readonly logCache = new Lru<EventLog>(MAX_LRU_CACHE_ENTRIES);
  private readonly spamCache = new Lru<TokenBucket>(MAX_LRU_CACHE_ENTRIES);

  constructor(
    private readonly clock: EventClock,
    readonly opts: { maxEvents?: number; maxIntervalSeconds?: number; spamBurst?: number; spamQps?: number } = {},
  ) {}

  /** `EventCorrelate`: aggregate, then observe (dedup), then spam-filter. `newEvent` is not changed. */
  correlate(newEvent: CoreEvent): EventCorrelateResult {
    const [aggregateEvent, cacheKey] = this.aggregate(newEvent);
    const { event, patch } = this.observe(aggregateEvent, cacheKey);
    if (this.filter(event)) return { dropped: true };
    // observe() changes only metadata, counts and timestamps: none of them is part of the key.
    return { event, patch, dropped: false, cacheKey, ownKey: aggregateEvent === newEvent };
  }

  /**
   * `UpdateState`: remember the server's copy (name, count, resourceVersion) under its own key.
   * `key`, when given, must be `getEventKey(event)` (the caller may know it already: it is the
   * key the event was observed under unless the event became an aggregate).
   */
  updateState(event: CoreEvent, key: string = getEventKey(event)): void {
    this.logCache.add(key, {
      count: event.count,
      firstTimestamp: event.firstTimestamp,
      name: event.metadata.name,
      resourceVersion: event.metadata.resourceVersion,
    });
  }

  /**
   * The recorder created the event observed under `cacheKey` with another name than planned (a
   * name collision in the coarse virtual clock): later patches must go to the new name.
   */
  renamed(cacheKey: string, event: CoreEvent): void {
    const log = this.logCache.get(cacheKey);
    if (log) this.logCache.add(cacheKey, { ...log, name: event.metadata.name, resourceVersion: event.metadata.resourceVersion });
  }

  private aggregate(newEvent: CoreEvent): [CoreEvent, string] {
    const now = this.clock.now;
    const maxEvents = this.opts.maxEvents ?? DEFAULT_AGGREGATE_MAX_EVENTS;
    const maxIntervalMs = (this.opts.maxIntervalSeconds ?? DEFAULT_AGGREGATE_INTERVAL_SECONDS) * 1000;
    const eventKey = getEventKey(newEvent);
    const [aggregateKey, localKey] = eventAggregatorByReason(newEvent);

    let record = this.aggregateCache.peek(aggregateKey);
    if (!record || now - record.lastTimestampMs > maxIntervalMs) record = { localKeys: [], lastTimestampMs: -Infinity };
    if (!record.localKeys.includes(localKey)) record.localKeys.push(localKey);
    record.lastTimestampMs = now;
    this.aggregateCache.add(aggregateKey, record);

    if (record.localKeys.length < maxEvents) return [newEvent, eventKey];

    // Keep the set from growing past the max. Upstream pops an arbitrary member (Go map order);
    // the oldest is popped here so runs stay deterministic.
    record.localKeys.shift();

    const ts = this.clock.timestamp();
    const aggregate: CoreEvent = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${newEvent.involvedObject.name ?? ''}.${this.clock.nameSuffix()}`, namespace: newEvent.metadata.namespace },
      involvedObject: newEvent.involvedObject,
      reason: newEvent.reason,
      message: AGGREGATE_MESSAGE_PREFIX + newEvent.message,
      source: newEvent.source,
      firstTimestamp: ts,
      lastTimestamp: ts,
      count: 1,
      type: newEvent.type,
      eventTime: null,
      // Upstream's aggregate copy does not carry the reporting fields.
      reportingComponent: '',
      reportingInstance: '',
    };
    return [aggregate, aggregateKey];
  }

  private observe(newEvent: CoreEvent, key: string): { event: CoreEvent; patch?: Record<string, unknown> } {
    // Object.assign, not spreads: V8 gives a spread with more members a map per object (see frozenCopy).
    const event: CoreEvent = Object.assign({}, newEvent, { metadata: Object.assign({}, newEvent.metadata) });
    let patch: Record<string, unknown> | undefined;
    const last = this.logCache.peek(key);
    if (last && last.count > 0) {
      event.metadata.name = last.name;
      if (last.resourceVersion === undefined) delete event.metadata.resourceVersion;
      else event.metadata.resourceVersion = last.resourceVersion;
      event.firstTimestamp = last.firstTimestamp;
      event.count = last.count + 1;
      // strategicpatch.CreateTwoWayMergePatch against a copy with count 0, lastTimestamp at the
      // Unix epoch and no message: exactly these three fields (an empty message is omitted).
      patch = { count: event.count, lastTimestamp: event.lastTimestamp };
      if (event.message !== '') patch.message = event.message;
    }
    this.logCache.add(key, {
      count: event.count,
      firstTimestamp: event.firstTimestamp,
      name: event.metadata.name,
      resourceVersion: event.metadata.resourceVersion,
    });
    return { event, patch };
  }

  /** `EventSourceObjectSpamFilter.Filter`: true means drop. */
  private filter(event: CoreEvent): boolean {
    const key = getSpamKey(event);
    let bucket = this.spamCache.peek(key);
    if (!bucket) bucket = new TokenBucket(this.opts.spamQps ?? DEFAULT_SPAM_QPS, this.opts.spamBurst ?? DEFAULT_SPAM_BURST, this.clock);
    const drop = !bucket.allow();
    this.spamCache.add(key, bucket);
    return drop;
  }
}
