/** What a test says about a node; everything else takes the defaults of STEPS.md (Cluster). */
export interface NodeSpec {
  name: string;
  /** Quantity, default `4`. */
  cpu?: string;
  /** Quantity, default `8Gi`. */
  memory?: string;
  /** Default 110 (kubelet maxPods, fact 142). */
  pods?: number;
  labels?: Record<string, string>;
  taints?: { key: string; value?: string; effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute' }[];
  /** Sets `topology.kubernetes.io/zone`. */
  zone?: string;
  /** Images already on the node, with sizes in bytes. */
  images?: { name: string; sizeBytes: number }[];
  unschedulable?: boolean;
}

export const DEFAULT_NODE = { cpu: '4', memory: '8Gi', pods: 110 } as const;
