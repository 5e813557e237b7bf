import { formatRFC3339 } from '../api/time';
import { isAlreadyExists, isNotFound, isStatusError, type KubeObject } from '../api/object';
import type { Loop } from '../sim/loop';
import type { Rng } from '../sim/rng';
import type { CoreEvent, EventClock, EventSource, EventType, ObjectReference } from './event_types';
import { EventCorrelator, type EventCorrelateResult } from './events_cache';
import { sprintf } from './sprintf';
import type { Client } from './types';

/** client-go `tools/record`: tries per event, and the pause between two (the first pause is randomized). */
export const MAX_TRIES_PER_EVENT = 12;
export const DEFAULT_SLEEP_DURATION_MS = 10_000;
/** How many other names to try when an Event's name is taken (see `EventRecorder`). */
const MAX_NAME_COLLISIONS = 64;

/** The cluster's start instant when none is given: 2025-01-01T00:00:00Z. */
export const DEFAULT_EPOCH_MS = Date.UTC(2025, 0, 1);

export interface EventRecorderOptions {
  /** Wall-clock instant of virtual time 0, for timestamps and names. */
  epochMs?: number;
  /** Randomizes the first retry pause as upstream; without it the pause is the full 10s. */
  rng?: Rng;
  /**
   * Called synchronously with every event the recorder generates, before correlation (so also
   * with events the spam filter then drops), as a broadcaster's `StartEventWatcher` sees them.
   */
  onEvent?: (ev: CoreEvent) => void;
  /** Called when an event cannot be made (no reference, bad type) or writing it failed for good. */
  onError?: (err: unknown, ev?: CoreEvent) => void;
  /** Share one correlator between recorders (upstream: one per broadcaster). */
  correlator?: EventCorrelator;
}

/**
 * Records core/v1 Events about objects, as client-go's legacy recorder (`tools/record`: event.go,
 * events_cache.go; SEMANTICS fact 183) wired to a sink that writes through the client.
 *
 * Contract:
 * - Writes are synchronous: `event()` returns after the Event was created or patched (or
 *   dropped). Only a retry after a transport failure (an error that is not a StatusError) is
 *   scheduled, as a foreground loop task, at most 12 tries 10s apart. A StatusError from the
 *   server is final, as upstream ("will not retry").
 * - The Event lives in the involved object's namespace (`default` for cluster-scoped objects) and
 *   is named `<involvedObject.name>.<hex of the virtual time in ns>`, as upstream's
 *   `fmt.Sprintf("%v.%x", ref.Name, t.UnixNano())`. The virtual clock has millisecond steps, so
 *   names that would repeat get the next nanosecond instead (from this recorder's own count, or on
 *   AlreadyExists from another recorder's Event); names stay deterministic.
 * - Identical events patch the first one (`count`, `lastTimestamp`); the 10th distinct message of
 *   similar events within 600s becomes a `(combined from similar events): ` aggregate; a source may
 *   record a burst of 25 events per object, then 1 per 300s. See `EventCorrelator`.
 */
export class EventRecorder {
  readonly correlator: EventCorrelator;
  private readonly clock: EventClock;
  private readonly epochMs: number;
  private lastNanos = -1n;

  constructor(
    private readonly client: Client,
    private readonly loop: Loop,
    readonly source: EventSource,
    private readonly opts: EventRecorderOptions = {},
  ) {
    this.epochMs = opts.epochMs ?? DEFAULT_EPOCH_MS;
    this.clock = {
      get now() {
        return loop.now;
      },
      timestamp: () => this.timestamp(),
      nameSuffix: () => this.uniqueNanos().toString(16),
    };
    this.correlator = opts.correlator ?? new EventCorrelator(this.clock);
  }

  /** Records an event about `object` (a KubeObject or an ObjectReference, e.g. with a fieldPath). */
  event(object: KubeObject | ObjectReference, type: EventType, reason: string, message: string): void {
    this.generateEvent(object, undefined, type, reason, message);
  }

  /** `event` with a Go format string (`%s`, `%d`, `%v`, `%q`, ...). */
  eventf(object: KubeObject | ObjectReference, type: EventType, reason: string, format: string, ...args: unknown[]): void {
    this.generateEvent(object, undefined, type, reason, sprintf(format, ...args));
  }

  /** `eventf` that also sets annotations on the Event. */
  annotatedEventf(
    object: KubeObject | ObjectReference,
    annotations: Record<string, string>,
    type: EventType,
    reason: string,
    format: string,
    ...args: unknown[]
  ): void {
    this.generateEvent(object, annotations, type, reason, sprintf(format, ...args));
  }

  /** The virtual now as metav1.Time marshals: RFC3339 in whole seconds, UTC. */
  timestamp(): string {
    return formatRFC3339(this.epochMs + this.loop.now);
  }

  private generateEvent(
    object: KubeObject | ObjectReference,
    annotations: Record<string, string> | undefined,
    type: string,
    reason: string,
    message: string,
  ): void {
    const ref = getReference(object);
    if (!ref) {
      this.opts.onError?.(new Error(`could not construct reference to: '${JSON.stringify(object)}'; will not report event: '${type}' '${reason}' '${message}'`));
      return;
    }
    if (type !== 'Normal' && type !== 'Warning') {
      this.opts.onError?.(new Error(`unsupported event type: '${type}'`));
      return;
    }
    const ev = this.makeEvent(ref, annotations, type, reason, message);
    this.opts.onEvent?.(ev);
    this.recordToSink(ev);
  }

  private makeEvent(
    ref: ObjectReference,
    annotations: Record<string, string> | undefined,
    type: string,
    reason: string,
    message: string,
  ): CoreEvent {
    const t = this.timestamp();
    const metadata: CoreEvent['metadata'] = {
      name: `${ref.name}.${this.clock.nameSuffix()}`,
      namespace: ref.namespace || 'default',
    };
    if (annotations && Object.keys(annotations).length > 0) metadata.annotations = { ...annotations };
    const source: CoreEvent['source'] = { component: this.source.component };
    if (this.source.host) source.host = this.source.host;
    return {
      apiVersion: 'v1',
      kind: 'Event',
      metadata,
      involvedObject: ref,
      reason,
      message,
      source,
      firstTimestamp: t,
      lastTimestamp: t,
      count: 1,
      type,
      eventTime: null,
      reportingComponent: this.source.component,
      reportingInstance: this.source.host ?? '',
    };
  }

  /** Upstream `recordToSink`: correlate, then write with bounded retries. */
  private recordToSink(ev: CoreEvent): void {
    const result = this.correlator.correlate(ev);
    if (result.dropped || !result.event) return;
    let tries = 0;
    const attempt = (): void => {
      if (this.recordEvent(result)) return;
      tries++;
      if (tries >= MAX_TRIES_PER_EVENT) {
        this.opts.onError?.(new Error(`Unable to write event '${result.event!.metadata.name}' (retry limit exceeded!)`), result.event);
        return;
      }
      // Upstream randomizes the first pause so clients do not retry in step after an outage.
      const delay = tries === 1 && this.opts.rng ? DEFAULT_SLEEP_DURATION_MS * this.opts.rng.float() : DEFAULT_SLEEP_DURATION_MS;
      this.loop.schedule(delay, attempt, { label: `event recorder ${this.source.component}: retry` });
    };
    attempt();
  }

  /** Upstream `recordEvent`: true when done (written, or rejected for good), false to retry. */
  private recordEvent(result: EventCorrelateResult): boolean {
    const event = result.event!;
    const updateExisting = event.count > 1;
    let err: unknown;
    let written: CoreEvent | undefined;
    if (updateExisting) {
      try {
        written = this.client.patch<CoreEvent>('events', event.metadata.namespace, event.metadata.name, 'strategic', result.patch);
      } catch (e) {
        err = e;
      }
    }
    // A patch fails with NotFound when the Event was deleted meanwhile: create it again.
    if (!updateExisting || isNotFound(err)) {
      ({ written, err } = this.create(event));
    }
    if (written && err === undefined) {
      // The server keeps every field of the key as sent: the observed key is the written one's.
      this.correlator.updateState(written, result.ownKey ? result.cacheKey : undefined);
      if (result.cacheKey !== undefined && written.metadata.name !== event.metadata.name) this.correlator.renamed(result.cacheKey, written);
      return true;
    }
    if (isStatusError(err)) {
      this.opts.onError?.(err, event);
      return true;
    }
    return false;
  }

  /**
   * Creates the Event without a resourceVersion. AlreadyExists can only mean that the coarse
   * virtual clock gave another Event the same name: take the next nanosecond and try again.
   */
  private create(event: CoreEvent): { written?: CoreEvent; err?: unknown } {
    // The API server copies what it is sent: the event needs a copy only to drop its resourceVersion.
    let body: CoreEvent = event;
    if (event.metadata.resourceVersion !== undefined) {
      body = { ...event, metadata: { ...event.metadata } };
      delete body.metadata.resourceVersion;
    }
    for (let i = 0; ; i++) {
      try {
        return { written: this.client.create<CoreEvent>('events', body) };
      } catch (e) {
        if (!isAlreadyExists(e) || i >= MAX_NAME_COLLISIONS) return { err: e };
        body = { ...body, metadata: { ...body.metadata, name: `${event.involvedObject.name}.${this.clock.nameSuffix()}` } };
      }
    }
  }

  /** Virtual now in ns, strictly increasing across calls on this recorder. */
  private uniqueNanos(): bigint {
    const n = BigInt(this.epochMs + this.loop.now) * 1_000_000n;
    this.lastNanos = n > this.lastNanos ? n : this.lastNanos + 1n;
    return this.lastNanos;
  }
}

/**
 * client-go `ref.GetReference`: an ObjectReference is used as is; an object gives its kind,
 * apiVersion, name, namespace, uid and resourceVersion. Without a kind or name there is no
 * reference (upstream asks the scheme; our objects from the client always carry their kind).
 */
export function getReference(object: KubeObject | ObjectReference): ObjectReference | undefined {
  if (object === null || typeof object !== 'object') return undefined;
  if (!('metadata' in object) || object.metadata === undefined) {
    const r = object as ObjectReference;
    if (typeof r.name !== 'string' || !r.kind) return undefined;
    return omitEmpty({ ...r });
  }
  const o = object as KubeObject;
  if (!o.kind || !o.metadata?.name) return undefined;
  return omitEmpty({
    kind: o.kind,
    namespace: o.metadata.namespace,
    name: o.metadata.name,
    uid: o.metadata.uid,
    apiVersion: o.apiVersion,
    resourceVersion: o.metadata.resourceVersion,
  });
}

function omitEmpty(ref: ObjectReference): ObjectReference {
  const out: Record<string, string> = {};
  for (const k in ref) {
    const v = (ref as Record<string, unknown>)[k];
    if (typeof v === 'string' && v !== '') out[k] = v;
  }
  return out as ObjectReference;
}

export { formatRFC3339 } from '../api/time';
