import type { Status, StatusCause } from '../api/object';
import { StatusError } from '../api/object';

/**
 * Constructors for the API's failure Statuses, worded as apimachinery's api/errors package words
 * them (SEMANTICS facts 170, 171, 174). `resource` is the qualified resource as upstream prints it:
 * `pods`, `deployments.apps`.
 */

interface Target {
  /** `pods`, `deployments.apps` — what NotFound/Conflict/AlreadyExists messages name. */
  qualifiedResource: string;
  /** The resource plural, for details.kind. */
  plural: string;
  group: string;
}

export function status(code: number, reason: string, message: string, details?: Status['details']): StatusError {
  const s: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
  if (details) s.details = details;
  return new StatusError(s);
}

function details(t: Target, name: string): Status['details'] {
  const d: NonNullable<Status['details']> = { name };
  if (t.group) d.group = t.group;
  d.kind = t.plural;
  return d;
}

export const notFound = (t: Target, name: string) => status(404, 'NotFound', `${t.qualifiedResource} "${name}" not found`, details(t, name));

export const alreadyExists = (t: Target, name: string) =>
  status(409, 'AlreadyExists', `${t.qualifiedResource} "${name}" already exists`, details(t, name));

/** Fact 170: optimistic-concurrency failure. */
export const conflict = (t: Target, name: string, why = 'the object has been modified; please apply your changes to the latest version and try again') =>
  status(409, 'Conflict', `Operation cannot be fulfilled on ${t.qualifiedResource} "${name}": ${why}`, details(t, name));

/**
 * 422 Invalid: `<Kind>.<group> "<name>" is invalid: <errors>` — one error inline, several as
 * `[a, b]` (apimachinery NewInvalid + ErrorList.ToAggregate).
 */
export function invalid(kind: { kind: string; group: string }, name: string, errors: { text: string; cause: StatusCause }[]): StatusError {
  const qualified = kind.group ? `${kind.kind}.${kind.group}` : kind.kind;
  const body = errors.length === 1 ? errors[0].text : `[${errors.map((e) => e.text).join(', ')}]`;
  const d: NonNullable<Status['details']> = { name };
  if (kind.group) d.group = kind.group;
  d.kind = kind.kind;
  d.causes = errors.map((e) => e.cause);
  return status(422, 'Invalid', `${qualified} "${name}" is invalid: ${body}`, d);
}

export const forbidden = (t: Target, name: string, why: string, cause?: StatusCause) => {
  const d = details(t, name)!;
  if (cause) d.causes = [cause];
  return status(403, 'Forbidden', `${t.qualifiedResource} "${name}" is forbidden: ${why}`, d);
};

export const badRequest = (message: string) => status(400, 'BadRequest', message);

export const methodNotSupported = (t: Target, verb: string) =>
  status(405, 'MethodNotAllowed', `${verb} is not supported on resources of kind "${t.qualifiedResource}"`, { group: t.group || undefined, kind: t.plural });

/** Fact 174: what a watch from a compacted resourceVersion receives. */
export const expired = (message: string) => status(410, 'Expired', message);

export const internalError = (message: string) => status(500, 'InternalError', `Internal error occurred: ${message}`);

/** The 404 for a resource the server does not serve at all. */
export const noSuchResource = (resource: string) =>
  status(404, 'NotFound', `the server could not find the requested resource (${resource})`);

/**
 * A patch the server could not apply (a failed JSON patch `test`, a bad path): upstream's
 * NewGenericServerResponse(422) with the patch library's error as the cause.
 */
export const rejectedPatch = (t: Target, name: string, cause: string) =>
  status(422, 'Invalid', 'the server rejected our request due to an error in our request', {
    ...details(t, name),
    causes: [{ reason: 'UnexpectedServerResponse', message: cause }],
  });

/** NewTooLargeResourceVersionError: a read asked for a resourceVersion the store has not reached. */
export const tooLargeResourceVersion = (wanted: number, current: number) =>
  status(504, 'Timeout', `Timeout: Too large resource version: ${wanted}, current: ${current}`, {
    causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
    retryAfterSeconds: 1,
  });

/**
 * NewTooManyRequests (429): the request may succeed later, e.g. an eviction a PodDisruptionBudget
 * forbids now. `retryAfterSeconds` 0 is left out of the details, as the JSON omits it.
 */
export const tooManyRequests = (message: string, retryAfterSeconds: number, causes?: StatusCause[]) => {
  const d: NonNullable<Status['details']> = {};
  if (retryAfterSeconds) d.retryAfterSeconds = retryAfterSeconds;
  if (causes?.length) d.causes = causes;
  return status(429, 'TooManyRequests', message, d);
};

/**
 * What the server answers for an error that is no API Status (ErrorToAPIStatus's default branch):
 * 500 with reason Unknown, which is the empty string.
 */
export const unknown = (message: string, code = 500) => status(code, '', message);
