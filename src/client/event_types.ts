import type { KubeObject } from '../api/object';

/** core/v1 `ObjectReference`, as an Event's `involvedObject`. Empty fields are left out (omitempty). */
export interface ObjectReference {
  kind?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  apiVersion?: string;
  resourceVersion?: string;
  fieldPath?: string;
}

/** core/v1 `EventSource`. */
export interface EventSource {
  component: string;
  host?: string;
}

export type EventType = 'Normal' | 'Warning';

/**
 * A core/v1 `Event` as the legacy recorder (client-go `tools/record`) writes it. `eventTime` is
 * null and `reportingComponent`/`reportingInstance` are always present (no omitempty upstream).
 */
export interface CoreEvent extends KubeObject {
  apiVersion: 'v1';
  kind: 'Event';
  metadata: {
    name: string;
    namespace: string;
    annotations?: Record<string, string>;
    resourceVersion?: string;
    [field: string]: unknown;
  };
  involvedObject: ObjectReference;
  reason: string;
  message: string;
  source: { component?: string; host?: string };
  firstTimestamp: string;
  lastTimestamp: string;
  count: number;
  type: string;
  eventTime: null;
  reportingComponent: string;
  reportingInstance: string;
}

/** What the correlator needs of time: the virtual clock, its RFC3339 form, and unique name suffixes. */
export interface EventClock {
  /** Virtual milliseconds (for the aggregation window and the spam filter's bucket). */
  readonly now: number;
  /** `now` as metav1.Time marshals it: RFC3339, whole seconds, UTC. */
  timestamp(): string;
  /** `%x` of the current time in nanoseconds, never the same twice from one clock. */
  nameSuffix(): string;
}
