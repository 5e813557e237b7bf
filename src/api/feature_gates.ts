/**
 * Feature gates (k8s.io/component-base/featuregate), at their Kubernetes v1.32 defaults. Only the
 * gates whose both settings the simulation implements are listed: setting any other is an error,
 * never a silent no-op. Parsed from the `--feature-gates` flag format `Name=true,Other=false`.
 */

export type Prerelease = 'ALPHA' | 'BETA' | 'GA';

export interface FeatureSpec {
  default: boolean;
  prerelease: Prerelease;
  /** A GA gate locked to its default cannot be changed. */
  lockToDefault?: boolean;
}

/** The gates kubespec simulates, with their v1.32 specs (pkg/features/kube_features.go). */
export const KNOWN_FEATURES: Readonly<Record<string, FeatureSpec>> = {
  /** StatefulSet RollingUpdate honours spec.updateStrategy.rollingUpdate.maxUnavailable (KEP-961). */
  MaxUnavailableStatefulSet: { default: false, prerelease: 'ALPHA' },
};

export class FeatureGateError extends Error {}

/** Go's strconv.ParseBool, which the flag uses. */
function parseBool(v: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  return undefined;
}

export class FeatureGates {
  private readonly enabled = new Map<string, boolean>();

  static defaults(): FeatureGates {
    return new FeatureGates();
  }

  /**
   * `Name=true,Other=false` as the components' `--feature-gates` flag takes it.
   * @throws FeatureGateError naming the offending entry, with upstream's wording.
   */
  static parse(text: string): FeatureGates {
    const gates = new FeatureGates();
    for (const raw of text.split(',')) {
      const entry = raw.trim();
      if (!entry) continue;
      const eq = entry.indexOf('=');
      if (eq < 0) throw new FeatureGateError(`missing bool value for ${entry}`);
      const name = entry.slice(0, eq).trim();
      const value = entry.slice(eq + 1).trim();
      const parsed = parseBool(value);
      if (parsed === undefined) throw new FeatureGateError(`invalid value of ${name}=${value}, err: strconv.ParseBool: parsing "${value}": invalid syntax`);
      gates.set(name, parsed);
    }
    return gates;
  }

  set(name: string, value: boolean): void {
    const spec = KNOWN_FEATURES[name];
    if (!spec) throw new FeatureGateError(`unrecognized feature gate: ${name} (kubespec simulates: ${Object.keys(KNOWN_FEATURES).sort().join(', ')})`);
    if (spec.lockToDefault && value !== spec.default) throw new FeatureGateError(`cannot set feature gate ${name} to ${value}, feature is locked to ${spec.default}`);
    this.enabled.set(name, value);
  }

  /** @throws Error for a gate kubespec does not know (a programming error, not a user's). */
  isEnabled(name: string): boolean {
    const spec = KNOWN_FEATURES[name];
    if (!spec) throw new Error(`feature "${name}" is not registered in FeatureGates`);
    return this.enabled.get(name) ?? spec.default;
  }

  /** The gates set away from their defaults, as the flag would write them (for reports). */
  toString(): string {
    return [...this.enabled].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k}=${v}`).join(',');
  }
}
