import type { KubeObject } from '../api/object';
import type { ResourceInfo } from '../api/resources';

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE';

/** What an admission plugin sees of a request (k8s.io/apiserver admission.Attributes). */
export interface AdmissionAttributes {
  operation: Operation;
  resource: ResourceInfo;
  subresource: '' | 'status' | 'finalize';
  namespace: string;
  name: string;
  /** The incoming object (CREATE/UPDATE); mutating plugins may change it in place. */
  object?: KubeObject;
  /** The stored object (UPDATE/DELETE). */
  oldObject?: KubeObject;
  /** Who is asking (a component name such as `kube-scheduler`, or `user`). */
  user: string;
}

/** Read access a plugin may need (namespace lookups, quota usage), without going through admission again. */
export interface AdmissionContext {
  get(resource: string, namespace: string | undefined, name: string): KubeObject | undefined;
  list(resource: string, namespace?: string): KubeObject[];
  /** Virtual milliseconds since the cluster started. */
  now(): number;
}

/**
 * A named admission plugin. Mutating plugins run first (in order), then validation of the object,
 * then validating plugins. A plugin rejects a request by throwing a `StatusError` (the outcome the
 * client sees); it must not write to the cluster.
 */
export interface AdmissionPlugin {
  readonly name: string;
  handles(op: Operation): boolean;
  mutate?(attrs: AdmissionAttributes, ctx: AdmissionContext): void;
  validate?(attrs: AdmissionAttributes, ctx: AdmissionContext): void;
}

/** The ordered chain; `names` shows the configured order (e.g. for the report). */
export class AdmissionChain {
  constructor(private readonly plugins: AdmissionPlugin[] = []) {}

  get names(): string[] {
    return this.plugins.map((p) => p.name);
  }

  /** Adds a plugin; plugins run in the order added (as --enable-admission-plugins orders them). */
  use(plugin: AdmissionPlugin): this {
    this.plugins.push(plugin);
    return this;
  }

  mutate(attrs: AdmissionAttributes, ctx: AdmissionContext): void {
    for (const p of this.plugins) if (p.mutate && p.handles(attrs.operation)) p.mutate(attrs, ctx);
  }

  validate(attrs: AdmissionAttributes, ctx: AdmissionContext): void {
    for (const p of this.plugins) if (p.validate && p.handles(attrs.operation)) p.validate(attrs, ctx);
  }
}
