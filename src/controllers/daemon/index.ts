export { DaemonSetController } from './daemon_controller';
export * from './daemonset_util';
export { findUpdatedPodsOnNode, matchRevision, updatedDesiredNodeCounts } from './update';
