import type { ObjectMeta } from 'kubernetes-types/meta/v1';

/** ObjectMeta as the server handles it (kubernetes-types marks system fields read-only; the server sets them). */
export type Meta = { -readonly [K in keyof ObjectMeta]: ObjectMeta[K] };

/** Any Kubernetes object as plain JSON. Typed kinds come from kubernetes-types. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: Meta;
  [field: string]: unknown;
}

/** One cause of a Status, as upstream's `StatusCause` (field paths are dotted, e.g. `spec.selector`). */
export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

/** `meta/v1 Status`, the body of every API error. */
export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never> | { resourceVersion?: string };
  status: 'Success' | 'Failure';
  message: string;
  reason: string;
  details?: { name?: string; group?: string; kind?: string; uid?: string; causes?: StatusCause[]; retryAfterSeconds?: number };
  code: number;
}

/**
 * An API call that the server answered with a failure Status. This is an outcome, not a bug:
 * callers branch on `status.reason` (see `isNotFound`, `isConflict`, ...), as client-go's errors package does.
 */
export class StatusError extends Error {
  constructor(readonly status: Status) {
    super(status.message);
    this.name = 'StatusError';
  }
  get code(): number {
    return this.status.code;
  }
  get reason(): string {
    return this.status.reason;
  }
}

export const isStatusError = (e: unknown): e is StatusError => e instanceof StatusError;
export const isNotFound = (e: unknown): boolean => isStatusError(e) && e.reason === 'NotFound';
export const isAlreadyExists = (e: unknown): boolean => isStatusError(e) && e.reason === 'AlreadyExists';
export const isConflict = (e: unknown): boolean => isStatusError(e) && e.reason === 'Conflict';
export const isInvalid = (e: unknown): boolean => isStatusError(e) && e.reason === 'Invalid';
export const isForbidden = (e: unknown): boolean => isStatusError(e) && e.reason === 'Forbidden';
export const isGone = (e: unknown): boolean => isStatusError(e) && (e.reason === 'Expired' || e.reason === 'Gone');
