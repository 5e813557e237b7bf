export { Loop, LoopLimitError } from './loop';
export type { Timer, TaskOptions } from './loop';
export { Rng } from './rng';
export { EventLog } from './eventlog';
export type { LogEntry } from './eventlog';
export { Heap } from './heap';
