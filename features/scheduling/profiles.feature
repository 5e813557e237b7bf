Feature: Scheduler configuration: profiles, plugins, validation, scheduling gates
  kube-scheduler reads a KubeSchedulerConfiguration (kubescheduler.config.k8s.io/v1): several profiles,
  each picked by pods through spec.schedulerName, with plugins enabled or disabled per extension
  point; an invalid configuration is refused with a message naming the field. A pod with scheduling
  gates is not tried until its gates are removed (SEMANTICS facts 55, 60, 72).

  Scenario: two profiles, picked by spec.schedulerName
    Given the scheduler configuration:
      """
      apiVersion: kubescheduler.config.k8s.io/v1
      kind: KubeSchedulerConfiguration
      profiles:
        - schedulerName: default-scheduler
        - schedulerName: bin-packing
          pluginConfig:
            - name: NodeResourcesFit
              args:
                scoringStrategy:
                  type: MostAllocated
      """
    And a cluster with nodes:
      | name   | cpu |
      | node-1 | 4   |
      | node-2 | 4   |
    And the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata: {name: resident}
      spec:
        nodeName: node-1
        containers: [{name: app, image: nginx:1.25, resources: {requests: {cpu: "2", memory: 1Gi}}}]
      """
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata: {name: spread}
      spec:
        containers: [{name: app, image: nginx:1.25, resources: {requests: {cpu: "1", memory: 1Gi}}}]
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: packed}
      spec:
        schedulerName: bin-packing
        containers: [{name: app, image: nginx:1.25, resources: {requests: {cpu: "1", memory: 1Gi}}}]
      """
    Then pod "spread" was scheduled on node "node-2"
    And pod "packed" was scheduled on node "node-1"
    And there is an event "Scheduled" for pod "packed" with message "Successfully assigned default/packed to node-1"

  Scenario: a pod naming a scheduler that does not run stays Pending
    Given a cluster with 1 node
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata: {name: lost}
      spec:
        schedulerName: no-such-scheduler
        containers: [{name: app, image: nginx:1.25}]
      """
    Then for 10 minutes pod "lost" is Pending
    And there is no event "FailedScheduling" for pod "lost"

  Scenario: a Filter plugin disabled in the profile no longer filters
    Given the scheduler configuration:
      """
      apiVersion: kubescheduler.config.k8s.io/v1
      kind: KubeSchedulerConfiguration
      profiles:
        - schedulerName: default-scheduler
          plugins:
            filter:
              disabled:
                - name: NodeResourcesFit
      """
    And a cluster with nodes:
      | name   | cpu |
      | node-1 | 1   |
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata: {name: huge}
      spec:
        containers: [{name: app, image: nginx:1.25, resources: {requests: {cpu: "8"}}}]
      """
    # The scheduler places it; the kubelet's own admission still refuses it.
    Then pod "huge" was scheduled on node "node-1"
    And within 5 seconds pod "huge" is OutOfcpu

  Scenario Outline: an invalid configuration is rejected with a message naming the field
    Given a cluster with 1 node
    When I try to set the scheduler configuration:
      """
      apiVersion: kubescheduler.config.k8s.io/v1
      kind: KubeSchedulerConfiguration
      <config>
      """
    Then the scheduler configuration is rejected with message "<message>"

    Examples:
      | config                                                                                                          | message                                                                                                              |
      | percentageOfNodesToScore: 120                                                                                   | percentageOfNodesToScore: Invalid value: 120: not in valid range [0-100]                                             |
      | profiles: [{schedulerName: a}, {schedulerName: a}]                                                              | profiles[1].schedulerName: Duplicate value: \"a\"                                                                      |
      | profiles: [{pluginConfig: [{name: NodeResourcesFit, args: {scoringStrategy: {type: Wrong}}}]}]                   | profiles[0].pluginConfig[0].args.scoringStrategy.type: Unsupported value: \"Wrong\": supported values: \"LeastAllocated\", \"MostAllocated\", \"RequestedToCapacityRatio\" |
      | profiles: [{pluginConfig: [{name: NodeResourcesFit, args: {scoringStrategy: {type: LeastAllocated, resources: [{name: cpu, weight: 101}]}}}]}] | profiles[0].pluginConfig[0].args.scoringStrategy.resources[0].weight: Invalid value: 101: resource weight of cpu not in valid range (0, 100] |

  Scenario: a rejected configuration leaves the running scheduler as it was
    Given a cluster with 2 nodes
    When I try to set the scheduler configuration:
      """
      apiVersion: kubescheduler.config.k8s.io/v1
      kind: KubeSchedulerConfiguration
      percentageOfNodesToScore: -1
      """
    And I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata: {name: web}
      spec:
        containers: [{name: app, image: nginx:1.25}]
      """
    Then pod "web" was scheduled on node "node-*"

  Scenario: scheduling gates hold a pod until they are removed
    Given a cluster with 1 node
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata: {name: gated}
      spec:
        schedulingGates:
          - name: example.com/quota
        containers: [{name: app, image: nginx:1.25}]
      """
    Then pod "gated" is SchedulingGated
    And pod "gated" matches:
      """
      status:
        conditions:
          - type: PodScheduled
            status: "False"
            reason: SchedulingGated
            message: Scheduling is blocked due to non-empty scheduling gates
      """
    And for 10 minutes pod "gated" is SchedulingGated
    When I patch pod "gated" with a JSON patch:
      """
      - {op: remove, path: /spec/schedulingGates}
      """
    Then within 1 second pod "gated" was scheduled on node "node-1"
    And within 5 seconds pod "gated" is Running

  Scenario: PodTopologySpread default constraints from the configuration (defaultingType List)
    Given the scheduler configuration:
      """
      apiVersion: kubescheduler.config.k8s.io/v1
      kind: KubeSchedulerConfiguration
      profiles:
        - schedulerName: default-scheduler
          pluginConfig:
            - name: PodTopologySpread
              args:
                defaultingType: List
                defaultConstraints:
                  - {maxSkew: 1, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: DoNotSchedule}
      """
    And a cluster with 2 nodes
    And a Service "web" selecting "app=web" on port 80
    And the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata: {name: web-1, labels: {app: web}}
      spec:
        nodeName: node-1
        containers: [{name: app, image: nginx:1.25}]
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: web-2, labels: {app: web}}
      spec:
        nodeName: node-1
        containers: [{name: app, image: nginx:1.25}]
      """
    # A third replica on node-1 would make the skew 3 − 0 > 1: the default constraint filters it out.
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata: {name: web-3, labels: {app: web}}
      spec:
        affinity:
          nodeAffinity:
            preferredDuringSchedulingIgnoredDuringExecution:
              - weight: 100
                preference:
                  matchExpressions:
                    - {key: kubernetes.io/hostname, operator: In, values: [node-1]}
        containers: [{name: app, image: nginx:1.25}]
      """
    # Despite its preference for node-1, only node-2 passed the filters.
    Then pod "web-3" was scheduled on node "node-2"
