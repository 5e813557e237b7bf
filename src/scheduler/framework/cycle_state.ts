/**
 * Data one scheduling cycle passes between extension points (upstream framework.CycleState):
 * PreFilter writes what Filter reads, PreScore what Score reads. Keys are plugin-chosen strings
 * (by convention `PreFilter<Plugin>` / `PreScore<Plugin>`). Preemption clones the state to try
 * removing victims without disturbing the real cycle, so stored values that change after PreFilter
 * must implement `clone()`.
 */
export interface StateData {
  clone(): StateData;
}

export class CycleState {
  private readonly data = new Map<string, StateData>();
  /** Plugins whose PreFilter returned Skip: their Filter is not run this cycle. */
  skipFilterPlugins = new Set<string>();
  /** Plugins whose PreScore returned Skip: their Score is not run this cycle. */
  skipScorePlugins = new Set<string>();
  /** Whether the cycle records per-plugin scores (always on in kubespec: the report needs them). */
  recordPluginMetrics = false;

  read<T extends StateData>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }

  write(key: string, value: StateData): void {
    this.data.set(key, value);
  }

  delete(key: string): void {
    this.data.delete(key);
  }

  clone(): CycleState {
    const c = new CycleState();
    for (const [k, v] of this.data) c.data.set(k, v.clone());
    c.skipFilterPlugins = new Set(this.skipFilterPlugins);
    c.skipScorePlugins = new Set(this.skipScorePlugins);
    c.recordPluginMetrics = this.recordPluginMetrics;
    return c;
  }
}
