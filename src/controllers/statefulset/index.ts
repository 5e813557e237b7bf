export { StatefulSetController } from './stateful_set';
export { StatefulSetControl, MAX_BATCH_SIZE } from './stateful_set_control';
export { StatefulPodControl } from './stateful_pod_control';
export * from './stateful_set_utils';
