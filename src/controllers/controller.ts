/**
 * A controller the manager runs. `start()` wires informers and handlers (handlers only enqueue
 * keys); work happens in loop tasks. `stop()` must leave no task or watch behind.
 */
export interface Controller {
  readonly name: string;
  start(): void;
  stop(): void;
}
