export { DEFAULT_NODE, type NodeSpec } from '../kubelet/node_spec';
