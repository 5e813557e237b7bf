import { parse } from 'yaml';
import { parseDurationNs } from '../../../api/duration';
import { ConfigError } from './config_error';
import { GROUP, KUBE_SCHEDULER_CONFIGURATION, PLUGIN_ARGS, SCHEME_GROUP_VERSION, type Schema } from './v1_schema';
import type { PluginRef } from './types';

/**
 * Strict decoding of a kubescheduler.config.k8s.io/v1 KubeSchedulerConfiguration, as kube-scheduler's
 * `--config` loader does (UniversalDecoder with strict field checking, then the v1 conversion's
 * decoding of each plugin's args):
 * - a JSON value of the wrong type for the Go field is an error naming the Go field
 *   (`json: cannot unmarshal string into Go struct field KubeSchedulerConfiguration.parallelism of type int32`);
 * - unknown fields are a strict decoding error listing every one (`strict decoding error: unknown field "profiles[0].foo"`);
 * - args of an in-tree plugin are decoded into `<Plugin>Args` the same way, and their errors are
 *   reported under `decoding .profiles[i].pluginConfig[j]: ...`.
 * `null` means "not set", as for Go pointers. The result keeps only what the user wrote: defaulting
 * is a separate step (defaults.ts).
 */

/** The decoded, not yet defaulted v1 object (absent = not set). */
export interface V1Configuration {
  apiVersion: string;
  kind: string;
  parallelism?: number;
  percentageOfNodesToScore?: number;
  podInitialBackoffSeconds?: number;
  podMaxBackoffSeconds?: number;
  profiles?: V1Profile[];
  extenders?: V1Extender[];
  [field: string]: unknown;
}

export interface V1PluginSet {
  enabled?: PluginRef[];
  disabled?: PluginRef[];
}

export interface V1Profile {
  schedulerName?: string;
  percentageOfNodesToScore?: number;
  plugins?: Record<string, V1PluginSet | undefined>;
  pluginConfig?: { name?: string; args?: unknown }[];
}

export interface V1Extender {
  urlPrefix?: string;
  filterVerb?: string;
  preemptVerb?: string;
  prioritizeVerb?: string;
  bindVerb?: string;
  weight?: number;
  enableHTTPS?: boolean;
  httpTimeout?: string;
  nodeCacheCapable?: boolean;
  managedResources?: { name?: string; ignoredByScheduler?: boolean }[];
  ignorable?: boolean;
}

/** Where registration of the scheme lives upstream; part of its "no kind is registered" message. */
const SCHEME_NAME = 'pkg/scheduler/apis/config/scheme/scheme.go:30';
const KIND = 'KubeSchedulerConfiguration';

/** Decodes YAML (or JSON) text; empty text is a configuration with nothing set. */
export function decodeConfig(text: string): V1Configuration {
  let doc: unknown;
  try {
    doc = text.trim() === '' ? null : parse(text, { uniqueKeys: true, prettyErrors: false });
  } catch (e) {
    throw new ConfigError(`yaml: ${(e as Error).message}`);
  }
  if (doc === null || doc === undefined) doc = { apiVersion: SCHEME_GROUP_VERSION, kind: KIND };
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    throw new ConfigError(`couldn't get version/kind; json parse error: json: cannot unmarshal ${jsonKind(doc)} into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }`);
  }
  const obj = doc as Record<string, unknown>;
  const kind = typeof obj.kind === 'string' ? obj.kind : '';
  const apiVersion = typeof obj.apiVersion === 'string' ? obj.apiVersion : '';
  if (!kind) throw new ConfigError(`Object 'Kind' is missing in '${JSON.stringify(obj)}'`);
  if (apiVersion !== SCHEME_GROUP_VERSION || kind !== KIND) {
    throw new ConfigError(`no kind ${goQuote(kind)} is registered for version ${goQuote(apiVersion)} in scheme ${goQuote(SCHEME_NAME)}`);
  }

  const top = new Decoder();
  const cfg = top.decode(obj, KUBE_SCHEDULER_CONFIGURATION) as V1Configuration;
  top.throwIfFailed();

  (cfg.profiles ?? []).forEach((prof, i) => {
    (prof.pluginConfig ?? []).forEach((pc, j) => {
      try {
        pc.args = decodeArgs(pc.name ?? '', pc.args);
      } catch (e) {
        throw new ConfigError(`decoding .profiles[${i}].pluginConfig[${j}]: ${(e as Error).message}`);
      }
    });
  });
  return cfg;
}

/**
 * Upstream PluginConfig.decodeNestedObjects: args of a plugin with a registered `<Name>Args` kind
 * are decoded strictly into it; args of other plugins (out-of-tree, or in-tree without args) are
 * kept as given.
 */
function decodeArgs(name: string, args: unknown): unknown {
  const schema = PLUGIN_ARGS[name];
  if (!schema) return args;
  const wantKind = `${name}Args`;
  const given = args === undefined || args === null ? {} : args;
  if (typeof given === 'object' && !Array.isArray(given)) {
    const gk = given as Record<string, unknown>;
    if (typeof gk.kind === 'string' && gk.kind !== '' && gk.kind !== wantKind) {
      const group = typeof gk.apiVersion === 'string' ? gk.apiVersion.split('/')[0] : '';
      throw new Error(`args for plugin ${name} were not of type ${wantKind}.${GROUP}, got ${gk.kind}${group ? `.${group}` : ''}`);
    }
  }
  const d = new Decoder();
  const out = d.decode(given, schema) as Record<string, unknown>;
  try {
    d.throwIfFailed();
  } catch (e) {
    const msg = (e as Error).message;
    if (msg.startsWith('strict decoding error: ')) throw new Error(`strict decoding error: decoding args for plugin ${name}: ${msg}`);
    throw new Error(`decoding args for plugin ${name}: ${msg}`);
  }
  delete out.apiVersion;
  delete out.kind;
  return out;
}

class Decoder {
  private typeError: string | undefined;
  private readonly unknown: string[] = [];

  throwIfFailed(): void {
    if (this.typeError) throw new ConfigError(this.typeError);
    if (this.unknown.length > 0) {
      throw new ConfigError(`strict decoding error: ${this.unknown.map((f) => `unknown field ${goQuote(f)}`).join(', ')}`);
    }
  }

  /**
   * Checks `v` against `schema` and returns a copy without nulls. `path` is the strict decoder's
   * field path (with indexes), `goPath` and `struct` what encoding/json prints on a type error.
   */
  decode(v: unknown, schema: Schema, path = '', goPath = '', struct = ''): unknown {
    if (v === null || v === undefined) return undefined;
    switch (schema.t) {
      case 'raw':
        return v;
      case 'struct': {
        if (typeof v !== 'object' || Array.isArray(v)) return this.mismatch(v, `v1.${schema.name}`, goPath, struct);
        const out: Record<string, unknown> = {};
        for (const [k, fv] of Object.entries(v as Record<string, unknown>)) {
          const fs = schema.fields[k];
          const fpath = path ? `${path}.${k}` : k;
          if (!fs) {
            this.unknown.push(fpath);
            continue;
          }
          const d = this.decode(fv, fs, fpath, goPath ? `${goPath}.${k}` : k, schema.name);
          if (d !== undefined) out[k] = d;
        }
        return out;
      }
      case 'list': {
        if (!Array.isArray(v)) return this.mismatch(v, `[]${goTypeName(schema.of)}`, goPath, struct);
        return v.map((item, i) => this.decode(item, schema.of, `${path}[${i}]`, goPath, struct));
      }
      case 'map': {
        if (typeof v !== 'object' || Array.isArray(v)) return this.mismatch(v, `map[string]${goTypeName(schema.of)}`, goPath, struct);
        const out: Record<string, unknown> = {};
        for (const [k, fv] of Object.entries(v as Record<string, unknown>)) out[k] = this.decode(fv, schema.of, `${path}[${k}]`, goPath, struct);
        return out;
      }
      case 'int32':
      case 'int64': {
        const [lo, hi] = schema.t === 'int32' ? [-(2 ** 31), 2 ** 31 - 1] : [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER];
        // encoding/json prints the literal only for a number that does not fit the integer type.
        if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) return this.mismatch(v, schema.t, goPath, struct, typeof v === 'number');
        return v;
      }
      case 'float32':
        if (typeof v !== 'number') return this.mismatch(v, 'float32', goPath, struct);
        return v;
      case 'bool':
        if (typeof v !== 'boolean') return this.mismatch(v, 'bool', goPath, struct);
        return v;
      case 'string':
      case 'bytes':
        if (typeof v !== 'string') return this.mismatch(v, schema.t === 'string' ? 'string' : '[]uint8', goPath, struct);
        return v;
      case 'duration':
        if (typeof v !== 'string') return this.mismatch(v, 'string', '', '');
        try {
          parseDurationNs(v);
        } catch {
          this.typeError ??= `time: invalid duration ${goQuote(v)}`;
        }
        return v;
    }
  }

  private mismatch(v: unknown, goType: string, goPath: string, struct: string, withLiteral = false): undefined {
    const target = struct ? `Go struct field ${struct}.${goPath}` : 'Go value';
    const what = withLiteral ? `number ${String(v)}` : jsonKind(v);
    this.typeError ??= `json: cannot unmarshal ${what} into ${target} of type ${goType}`;
    return undefined;
  }
}

/** How encoding/json names a JSON value in an UnmarshalTypeError. */
function jsonKind(v: unknown): string {
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'string';
  if (Array.isArray(v)) return 'array';
  return 'object';
}

function goTypeName(s: Schema): string {
  switch (s.t) {
    case 'struct':
      return `v1.${s.name}`;
    case 'list':
      return `[]${goTypeName(s.of)}`;
    case 'map':
      return `map[string]${goTypeName(s.of)}`;
    case 'duration':
      return 'v1.Duration';
    case 'bytes':
      return '[]uint8';
    case 'raw':
      return 'runtime.RawExtension';
    default:
      return s.t;
  }
}

function goQuote(s: string): string {
  return JSON.stringify(s);
}
