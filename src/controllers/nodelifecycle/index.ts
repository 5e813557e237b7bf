/** The node lifecycle controller (kube-controller-manager `node-lifecycle-controller`). */
export { NodeLifecycleController, NAMESPACE_NODE_LEASE } from './node_lifecycle_controller';
export * from './options';
export { NOT_READY_TAINT_TEMPLATE, UNREACHABLE_TAINT_TEMPLATE } from './taints';
export type { ZoneState } from './zones';
