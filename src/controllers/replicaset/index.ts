export { BURST_REPLICAS, ReplicaSetController, SLOW_START_INITIAL_BATCH_SIZE } from './replica_set';
export { calculateStatus, isPodAvailable, REPLICA_FAILURE } from './replica_set_utils';
