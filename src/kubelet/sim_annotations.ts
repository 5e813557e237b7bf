import { DurationParseError, parseDuration } from '../api/duration';

/**
 * How a simulated container behaves, from the pod's `sim.kubespec.io/*` annotations (STEPS.md,
 * "Simulated containers"). Containers run no code: these values stand in for what the program
 * would do.
 *
 * An annotation `sim.kubespec.io/<name>` applies to every container of the pod;
 * `sim.kubespec.io/<name>.<container>` applies to one and wins over the pod-wide value. Container
 * names are DNS labels, so the first `.` after the name always starts the container name.
 * Annotations under the prefix with other names are left alone (other parts of the simulator may
 * read them).
 */

export const SIM_PREFIX = 'sim.kubespec.io/';

export interface SimBehaviour {
  /** From container start until the process answers probes and counts as ready (default 0). */
  startDelayMs: number;
  /** The process exits this long after it started; undefined: it runs until stopped. */
  exitAfterMs?: number;
  /** Its exit code when it exits by itself (default 0). */
  exitCode: number;
  /** false: it never passes its readiness probe. */
  ready: boolean;
  /** How long pulling its image takes when the image is not on the node (default 1s). */
  pullTimeMs: number;
  /** true: SIGTERM does not stop it; only SIGKILL at the end of the grace period does. */
  ignoreSigterm: boolean;
}

export const DEFAULT_BEHAVIOUR: Readonly<SimBehaviour> = Object.freeze({
  startDelayMs: 0,
  exitAfterMs: undefined,
  exitCode: 0,
  ready: true,
  pullTimeMs: 1000,
  ignoreSigterm: false,
});

/**
 * An annotation value the simulator cannot use. The kubelet reports it as upstream reports a
 * container it cannot configure: waiting reason CreateContainerConfigError with this message.
 */
export class SimAnnotationError extends Error {
  constructor(
    readonly key: string,
    readonly value: string,
    expected: string,
  ) {
    super(`invalid annotation ${key}: ${JSON.stringify(value)}: expected ${expected}`);
    this.name = 'SimAnnotationError';
  }
}

type Parser = (key: string, value: string) => Partial<SimBehaviour>;

const duration =
  (field: 'startDelayMs' | 'exitAfterMs' | 'pullTimeMs'): Parser =>
  (key, value) => {
    let ms: number;
    try {
      ms = parseDuration(value);
    } catch (e) {
      if (e instanceof DurationParseError) throw new SimAnnotationError(key, value, 'a duration such as 5s, 1m30s or 500ms');
      throw e;
    }
    if (ms < 0) throw new SimAnnotationError(key, value, 'a duration that is not negative');
    return { [field]: Math.round(ms) };
  };

const bool =
  (field: 'ready' | 'ignoreSigterm'): Parser =>
  (key, value) => {
    if (value !== 'true' && value !== 'false') throw new SimAnnotationError(key, value, '"true" or "false"');
    return { [field]: value === 'true' };
  };

const exitCode: Parser = (key, value) => {
  if (!/^\d+$/.test(value) || Number(value) > 255) throw new SimAnnotationError(key, value, 'an exit code from 0 to 255');
  return { exitCode: Number(value) };
};

const PARSERS: Readonly<Record<string, Parser>> = {
  'start-delay': duration('startDelayMs'),
  'exit-after': duration('exitAfterMs'),
  'exit-code': exitCode,
  ready: bool('ready'),
  'pull-time': duration('pullTimeMs'),
  'ignore-sigterm': bool('ignoreSigterm'),
};

/** The annotation names the simulator reads, for documentation and messages. */
export const SIM_ANNOTATIONS: readonly string[] = Object.keys(PARSERS);

/**
 * The behaviour of `container` under `annotations`. An init container that is not a sidecar
 * (`kind: 'init'`) runs to completion: unless told otherwise it exits (code 0) as soon as it
 * started, so a pod's initialization does not hang on a process that has nothing to do.
 * @throws SimAnnotationError naming the annotation, its value and what was expected.
 */
export function simBehaviour(
  annotations: Readonly<Record<string, string>> | undefined,
  container: string,
  kind: 'container' | 'init' = 'container',
): SimBehaviour {
  const out: SimBehaviour = { ...DEFAULT_BEHAVIOUR, ...(kind === 'init' ? { exitAfterMs: 0 } : {}) };
  if (!annotations) return out;
  const podWide: [string, string, Parser][] = [];
  const own: [string, string, Parser][] = [];
  for (const [key, value] of Object.entries(annotations)) {
    if (!key.startsWith(SIM_PREFIX)) continue;
    const rest = key.slice(SIM_PREFIX.length);
    const dot = rest.indexOf('.');
    const name = dot < 0 ? rest : rest.slice(0, dot);
    const parser = PARSERS[name];
    if (!parser) continue;
    if (dot < 0) podWide.push([key, value, parser]);
    else if (rest.slice(dot + 1) === container) own.push([key, value, parser]);
  }
  for (const [key, value, parse] of [...podWide, ...own]) Object.assign(out, parse(key, value));
  return out;
}
