/** Probes and lifecycle hooks: one handler each, with its port and scheme checked. */
import { type FieldError, forbidden, invalid, notSupported, required } from './errors';
import { type J, asList, asObj, str } from './json';
import { validateNonnegative } from './numeric';
import { child } from './paths';
import { validatePortNumOrName } from './ports';

const SUPPORTED_HTTP_SCHEMES = ['HTTP', 'HTTPS'];

/** validateHandler: exactly one handler type, each checked. */
function validateHandler(handler: J, path: string, kinds: readonly string[]): FieldError[] {
  const errs: FieldError[] = [];
  let count = 0;
  for (const kind of kinds) {
    const h = asObj(handler[kind]);
    if (!h) continue;
    if (count > 0) {
      errs.push(forbidden(child(path, kind), 'may not specify more than 1 handler type'));
      continue;
    }
    count++;
    const p = child(path, kind);
    if (kind === 'exec' && asList(h.command).length === 0) errs.push(required(child(p, 'command')));
    if (kind === 'httpGet') {
      if (!str(h.path)) errs.push(required(child(p, 'path')));
      errs.push(...validatePortNumOrName(h.port, child(p, 'port')));
      if (!SUPPORTED_HTTP_SCHEMES.includes(str(h.scheme))) errs.push(notSupported(child(p, 'scheme'), str(h.scheme), SUPPORTED_HTTP_SCHEMES));
    }
    if (kind === 'tcpSocket' || kind === 'grpc') errs.push(...validatePortNumOrName(h.port, child(p, 'port')));
  }
  if (count === 0) errs.push(required(path, 'must specify a handler type'));
  return errs;
}

const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];
const LIFECYCLE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'sleep'];

function validateProbe(probe: J, path: string, which: 'livenessProbe' | 'readinessProbe' | 'startupProbe'): FieldError[] {
  const errs = validateHandler(probe, path, PROBE_HANDLERS);
  for (const f of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) {
    errs.push(...validateNonnegative(probe[f], child(path, f)));
  }
  const grace = probe.terminationGracePeriodSeconds;
  if (typeof grace === 'number' && grace <= 0) errs.push(invalid(child(path, 'terminationGracePeriodSeconds'), grace, 'must be greater than 0'));
  if (which !== 'readinessProbe' && probe.successThreshold !== undefined && probe.successThreshold !== 1) {
    errs.push(invalid(child(path, 'successThreshold'), probe.successThreshold, 'must be 1'));
  }
  if (which === 'readinessProbe' && probe.terminationGracePeriodSeconds !== undefined && probe.terminationGracePeriodSeconds !== null) {
    errs.push(invalid(child(path, 'terminationGracePeriodSeconds'), probe.terminationGracePeriodSeconds, 'must not be set for readinessProbes'));
  }
  return errs;
}

export function validateProbesAndLifecycle(c: J, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const lifecycle = asObj(c.lifecycle);
  for (const hook of ['postStart', 'preStop']) {
    const h = asObj(lifecycle?.[hook]);
    if (h) errs.push(...validateHandler(h, child(path, 'lifecycle', hook), LIFECYCLE_HANDLERS));
  }
  for (const which of ['livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
    const probe = asObj(c[which]);
    if (probe) errs.push(...validateProbe(probe, child(path, which), which));
  }
  return errs;
}
