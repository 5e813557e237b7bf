/**
 * A KubeSchedulerConfiguration that cannot be used: undecodable YAML, unknown fields, wrong types,
 * failed validation or a profile the framework cannot build. The message is what kube-scheduler
 * prints for the same input (field paths included); `errors` holds the individual messages when
 * there are several (the message then joins them as upstream's aggregate does: `[a, b]`).
 */
export class ConfigError extends Error {
  readonly errors: readonly string[];

  constructor(message: string, errors?: readonly string[]) {
    super(message);
    this.name = 'ConfigError';
    this.errors = errors ?? [message];
  }

  /** Upstream utilerrors.NewAggregate(...).Error(): one message alone, several as `[a, b]`, duplicates dropped. */
  static aggregate(messages: readonly string[]): ConfigError {
    const unique = [...new Set(messages)];
    return new ConfigError(unique.length === 1 ? unique[0] : `[${unique.join(', ')}]`, unique);
  }
}
