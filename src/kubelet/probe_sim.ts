import type { Container, Probe } from 'kubernetes-types/core/v1';

/**
 * What one probe of a simulated container sees (fact 130 defaults, fact 139 messages). The
 * simulated process answers nothing until its start-delay has passed (as a server that is not yet
 * listening); after that it answers every probe, unless it is told not to pass readiness
 * (`sim.kubespec.io/ready: "false"`) or a fault makes the probe fail, in which case it answers as an
 * unhealthy server does.
 */

export type ProbeType = 'readiness' | 'liveness' | 'startup';

/** probeType.String(), as the Unhealthy event message starts. */
export const PROBE_TYPE_NAME: Readonly<Record<ProbeType, string>> = { readiness: 'Readiness', liveness: 'Liveness', startup: 'Startup' };

/** The probe of each type on a container. */
export function containerProbe(c: Container, type: ProbeType): Probe | undefined {
  switch (type) {
    case 'readiness':
      return c.readinessProbe ?? undefined;
    case 'liveness':
      return c.livenessProbe ?? undefined;
    case 'startup':
      return c.startupProbe ?? undefined;
  }
}

/** The probe's timing with SetDefaults_Probe's values filled in (the API server has usually done so). */
export interface ProbeTiming {
  periodMs: number;
  timeoutSeconds: number;
  successThreshold: number;
  failureThreshold: number;
  initialDelaySeconds: number;
}

export function probeTiming(p: Probe): ProbeTiming {
  return {
    periodMs: (p.periodSeconds || 10) * 1000,
    timeoutSeconds: p.timeoutSeconds || 1,
    successThreshold: p.successThreshold || 1,
    failureThreshold: p.failureThreshold || 3,
    initialDelaySeconds: p.initialDelaySeconds ?? 0,
  };
}

/** The simulated process behind a probe. */
export interface ProbeTarget {
  /** The pod's IP (the node's for hostNetwork pods): probes without a host dial it. */
  podIP: string;
  container: Container;
  /** Virtual ms at which the container started. */
  startedAt: number;
  startDelayMs: number;
  /** `sim.kubespec.io/ready: "false"`: never passes readiness. */
  neverReady: boolean;
  /** A fault injected for this probe type (`setProbeFailing`). */
  failing: boolean;
}

/** probe.Result with its output; `error` is a prober error (the result is thrown away upstream). */
export type ProbeOutcome = { result: 'success' } | { result: 'failure'; output: string } | { result: 'error'; error: string };

export function runProbe(type: ProbeType, probe: Probe, t: ProbeTarget, now: number): ProbeOutcome {
  const listening = now >= t.startedAt + t.startDelayMs;
  const unhealthy = t.failing || (type === 'readiness' && t.neverReady);
  if (listening && !unhealthy) return { result: 'success' };

  if (probe.httpGet) {
    const port = resolvePort(probe.httpGet.port, t.container);
    if (typeof port === 'string') return { result: 'error', error: port };
    const host = probe.httpGet.host || t.podIP;
    const scheme = (probe.httpGet.scheme ?? 'HTTP').toLowerCase();
    let path = probe.httpGet.path ?? '/';
    if (!path.startsWith('/')) path = `/${path}`;
    const url = `${scheme}://${host}:${port}${path}`;
    if (!listening) return { result: 'failure', output: `Get ${JSON.stringify(url)}: dial tcp ${host}:${port}: connect: connection refused` };
    return { result: 'failure', output: 'HTTP probe failed with statuscode: 500' };
  }
  if (probe.tcpSocket) {
    const port = resolvePort(probe.tcpSocket.port, t.container);
    if (typeof port === 'string') return { result: 'error', error: port };
    const host = probe.tcpSocket.host || t.podIP;
    // A TCP probe only sees whether something listens: an unhealthy server that listens passes,
    // so the simulated one stops listening to fail it.
    return { result: 'failure', output: `dial tcp ${host}:${port}: connect: connection refused` };
  }
  if (probe.grpc) {
    const addr = `${t.podIP}:${probe.grpc.port}`;
    if (!listening) {
      const timeout = probeTiming(probe).timeoutSeconds;
      return { result: 'failure', output: `timeout: failed to connect service ${JSON.stringify(addr)} within ${timeout}s: context deadline exceeded` };
    }
    return { result: 'failure', output: 'service unhealthy (responded with "NOT_SERVING")' };
  }
  // exec: the probe's output is the command's combined output; the simulated command prints nothing
  // and exits 1.
  return { result: 'failure', output: '' };
}

/**
 * probe.ResolveContainerPort: a number, or the name of one of the container's ports, or a number
 * written as a string. Returns the port, or the error text.
 */
export function resolvePort(param: number | string | undefined, c: Container): number | string {
  let port: number;
  if (typeof param === 'number') port = param;
  else {
    const s = String(param ?? '');
    const named = (c.ports ?? []).find((p) => p.name === s);
    if (named) port = named.containerPort;
    else if (/^[+-]?\d+$/.test(s)) port = Number(s);
    else return `strconv.Atoi: parsing ${JSON.stringify(s)}: invalid syntax`;
  }
  if (port > 0 && port < 65536) return port;
  return `invalid port number: ${port}`;
}
