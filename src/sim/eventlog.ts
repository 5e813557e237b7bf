/** One entry of the cluster's event log: what happened, when (virtual ms), and who did it. */
export interface LogEntry {
  /** Virtual milliseconds since the cluster started. */
  t: number;
  /** The component or layer that wrote it: `apiserver`, `store`, `kubelet/node-1`, `step`, ... */
  source: string;
  /** What happened, in a word: `create`, `update`, `delete`, `event`, `step`, ... */
  type: string;
  /** The rest, as plain JSON. */
  [field: string]: unknown;
}

/**
 * The append-only log of everything observable in a run. Same features and seed must give a
 * byte-identical `serialize()`; the determinism test holds the project to that.
 */
export class EventLog {
  private readonly items: LogEntry[] = [];

  constructor(private readonly clock: { readonly now: number }) {}

  record(source: string, type: string, fields: Record<string, unknown> = {}): void {
    this.items.push({ t: this.clock.now, source, type, ...fields });
  }

  get entries(): readonly LogEntry[] {
    return this.items;
  }

  /** One JSON object a line, in the order recorded. */
  serialize(): string {
    return this.items.map((e) => JSON.stringify(e)).join('\n');
  }
}
