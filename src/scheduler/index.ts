/**
 * kube-scheduler in kubespec: the Scheduler component, its configuration (KubeSchedulerConfiguration
 * v1: decode, defaults, validation), the framework runtime and the per-cycle records.
 */
export { Scheduler, NON_TERMINAL_PODS } from './scheduler';
export type { SchedulerOptions } from './scheduler';
export { SchedulingRecords, CycleRecord } from './records';
export type { ScoreRow, SchedulingRecordsOptions } from './records';
export { FitError, Diagnosis, ERR_NO_NODES_AVAILABLE } from './fit_error';
export { numFeasibleNodesToFind, selectHost, truncateMessage, NOTE_LENGTH_LIMIT } from './schedule_one';
export type { Extender, ScheduleResult } from './schedule_one';
export { loadConfig } from './apis/config/load';
export { ConfigError } from './apis/config/config_error';
export { decodeConfig } from './apis/config/decode';
export { setDefaults, defaultConfiguration, DEFAULT_SCHEDULER_NAME } from './apis/config/defaults';
export { DEFAULT_MULTI_POINT, getDefaultPlugins, mergePlugins, mergePluginSet } from './apis/config/default_plugins';
export { validateConfiguration, configurationErrors } from './apis/config/validation';
export type * from './apis/config/types';
export { Framework } from './framework/runtime/framework';
export type { FrameworkOptions, ScoreTable } from './framework/runtime/framework';
export { IN_TREE_REGISTRY, mergeRegistry } from './framework/runtime/registry';
export type { Registry } from './framework/runtime/registry';
