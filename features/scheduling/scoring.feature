Feature: Scoring: each score plugin's normalized score, the weights, and the NodeResourcesFit strategies
  Every score plugin gives each feasible node 0–100 after normalization; the node's total is the sum of
  weight × score over the plugins (TaintToleration 3, NodeAffinity 2, PodTopologySpread 2,
  InterPodAffinity 2, NodeResourcesFit 1, NodeResourcesBalancedAllocation 1, ImageLocality 1). Plugins
  whose PreScore has nothing to do for the pod (no preferred terms, no spread constraints) skip it.
  The inputs below are upstream's own test vectors (SEMANTICS facts 55–68, 87–91).

  Background:
    Given a cluster with nodes:
      | name   | cpu | memory |
      | node-1 | 4   | 10000  |
      | node-2 | 6   | 10000  |

  Scenario: the default profile: LeastAllocated and BalancedAllocation (facts 61, 63, 87, 90)
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata: {name: web}
      spec:
        containers:
          - {name: a, image: nginx:1.25, resources: {requests: {cpu: "1", memory: "2000"}}}
          - {name: b, image: nginx:1.25, resources: {requests: {cpu: "2", memory: "3000"}}}
      """
    Then the scheduler scores for pod "web" are:
      | node   | plugin                          | score |
      | node-1 | TaintToleration                 | 100   |
      | node-1 | NodeResourcesFit                | 37    |
      | node-1 | NodeResourcesBalancedAllocation | 87    |
      | node-1 | ImageLocality                   | 0     |
      | node-1 | total                           | 424   |
      | node-2 | NodeResourcesFit                | 50    |
      | node-2 | NodeResourcesBalancedAllocation | 100   |
      | node-2 | total                           | 450   |
    And pod "web" was scheduled on node "node-2"

  Scenario: MostAllocated packs the pod onto the fuller node (facts 62, 89)
    Given the scheduler configuration:
      """
      apiVersion: kubescheduler.config.k8s.io/v1
      kind: KubeSchedulerConfiguration
      profiles:
        - schedulerName: default-scheduler
          pluginConfig:
            - name: NodeResourcesFit
              args:
                scoringStrategy:
                  type: MostAllocated
      """
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata: {name: web}
      spec:
        containers:
          - {name: a, image: nginx:1.25, resources: {requests: {cpu: "1", memory: "2000"}}}
          - {name: b, image: nginx:1.25, resources: {requests: {cpu: "2", memory: "3000"}}}
      """
    Then the scheduler scores for pod "web" are:
      | node   | plugin                          | score |
      | node-1 | NodeResourcesFit                | 62    |
      | node-2 | NodeResourcesFit                | 50    |
      | node-1 | total                           | 449   |
      | node-2 | total                           | 450   |

  Scenario: MostAllocated with resource weights memory 2, cpu 1 (facts 60, 89)
    Given the scheduler configuration:
      """
      apiVersion: kubescheduler.config.k8s.io/v1
      kind: KubeSchedulerConfiguration
      profiles:
        - schedulerName: default-scheduler
          plugins:
            score:
              disabled:
                - name: NodeResourcesBalancedAllocation
          pluginConfig:
            - name: NodeResourcesFit
              args:
                scoringStrategy:
                  type: MostAllocated
                  resources:
                    - {name: memory, weight: 2}
                    - {name: cpu, weight: 1}
      """
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata: {name: web}
      spec:
        containers:
          - {name: a, image: nginx:1.25, resources: {requests: {cpu: "1", memory: "2000"}}}
          - {name: b, image: nginx:1.25, resources: {requests: {cpu: "2", memory: "3000"}}}
      """
    Then the scheduler scores for pod "web" are:
      | node   | plugin           | score |
      | node-1 | NodeResourcesFit | 58    |
      | node-2 | NodeResourcesFit | 50    |
      | node-1 | total            | 358   |
      | node-2 | total            | 350   |
    And pod "web" was scheduled on node "node-1"

  Scenario: RequestedToCapacityRatio scores along the configured shape (NodeResourcesFit args)
    # shape 0% → 0, 100% → 10 (scaled to 0–100): node-1 is 75% cpu and 50% memory used, so
    # round((75 + 50) / 2) = 63; node-2 is 50% and 50%, so 50.
    Given the scheduler configuration:
      """
      apiVersion: kubescheduler.config.k8s.io/v1
      kind: KubeSchedulerConfiguration
      profiles:
        - schedulerName: default-scheduler
          pluginConfig:
            - name: NodeResourcesFit
              args:
                scoringStrategy:
                  type: RequestedToCapacityRatio
                  resources:
                    - {name: cpu, weight: 1}
                    - {name: memory, weight: 1}
                  requestedToCapacityRatio:
                    shape:
                      - {utilization: 0, score: 0}
                      - {utilization: 100, score: 10}
      """
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata: {name: web}
      spec:
        containers:
          - {name: a, image: nginx:1.25, resources: {requests: {cpu: "1", memory: "2000"}}}
          - {name: b, image: nginx:1.25, resources: {requests: {cpu: "2", memory: "3000"}}}
      """
    Then the scheduler scores for pod "web" are:
      | node   | plugin           | score |
      | node-1 | NodeResourcesFit | 63    |
      | node-2 | NodeResourcesFit | 50    |
