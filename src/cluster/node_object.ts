export { nodeObject } from '../kubelet/node_object';
