Feature: Filter plugins of the default profile decide where a pod may go
  Each Filter plugin rejects nodes with its own upstream reason; the FitError counts them
  (SEMANTICS facts 14, 55, 74, 78, 79).

  Scenario: taints keep pods away unless they tolerate them (TaintToleration; facts 14, 79)
    Given a cluster with nodes:
      | name   | taints                                          |
      | node-1 | dedicated=db:NoSchedule                         |
      | node-2 | dedicated=db:NoSchedule,gpu:NoExecute           |
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata: {name: plain}
      spec:
        containers: [{name: app, image: nginx:1.25}]
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: db}
      spec:
        tolerations:
          - {key: dedicated, operator: Equal, value: db, effect: NoSchedule}
        containers: [{name: app, image: nginx:1.25}]
      """
    Then pod "plain" is unschedulable with message "0/2 nodes are available: 2 node(s) had untolerated taint {dedicated: db}. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling."
    And pod "db" was scheduled on node "node-1"

  Scenario: nodeSelector and required node affinity (NodeAffinity; fact 78)
    Given a cluster with nodes:
      | name   | labels                 | zone |
      | node-1 | disk=ssd               | a    |
      | node-2 | disk=hdd               | b    |
      | node-3 | disk=ssd               | b    |
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata: {name: ssd-in-b}
      spec:
        nodeSelector: {disk: ssd}
        affinity:
          nodeAffinity:
            requiredDuringSchedulingIgnoredDuringExecution:
              nodeSelectorTerms:
                - matchExpressions:
                    - {key: topology.kubernetes.io/zone, operator: In, values: [b]}
        containers: [{name: app, image: nginx:1.25}]
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: nvme}
      spec:
        nodeSelector: {disk: nvme}
        containers: [{name: app, image: nginx:1.25}]
      """
    Then pod "ssd-in-b" was scheduled on node "node-3"
    And pod "nvme" is unschedulable with message "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling."

  Scenario: a pod asking for a host port takes a node whose port is free (NodePorts; fact 78)
    Given a cluster with 2 nodes
    And the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata: {name: first}
      spec:
        nodeName: node-1
        containers: [{name: app, image: nginx:1.25, ports: [{containerPort: 80, hostPort: 8080}]}]
      """
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata: {name: second}
      spec:
        containers: [{name: app, image: nginx:1.25, ports: [{containerPort: 80, hostPort: 8080}]}]
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: third}
      spec:
        containers: [{name: app, image: nginx:1.25, ports: [{containerPort: 80, hostPort: 8080}]}]
      """
    Then pod "second" was scheduled on node "node-2"
    And pod "third" is unschedulable with message "0/2 nodes are available: 2 node(s) didn't have free ports for the requested pod ports. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod."

  Scenario: a pod naming a node that does not match is rejected by NodeName (fact 78)
    Given a cluster with 2 nodes
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata: {name: pinned}
      spec:
        affinity:
          nodeAffinity:
            requiredDuringSchedulingIgnoredDuringExecution:
              nodeSelectorTerms:
                - matchFields:
                    - {key: metadata.name, operator: In, values: [node-2]}
        containers: [{name: app, image: nginx:1.25}]
      """
    Then pod "pinned" was scheduled on node "node-2"

  Scenario: DoNotSchedule topology spread keeps the skew within maxSkew (PodTopologySpread; fact 78)
    Given a cluster with nodes:
      | name   | zone |
      | node-1 | a    |
      | node-2 | a    |
      | node-3 | b    |
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
        nodeName: node-2
        containers: [{name: app, image: nginx:1.25}]
      """
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata: {name: web-3, labels: {app: web}}
      spec:
        topologySpreadConstraints:
          - maxSkew: 1
            topologyKey: topology.kubernetes.io/zone
            whenUnsatisfiable: DoNotSchedule
            labelSelector: {matchLabels: {app: web}}
        containers: [{name: app, image: nginx:1.25}]
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: web-4, labels: {app: web}}
      spec:
        topologySpreadConstraints:
          - maxSkew: 1
            topologyKey: rack
            whenUnsatisfiable: DoNotSchedule
            labelSelector: {matchLabels: {app: web}}
        containers: [{name: app, image: nginx:1.25}]
      """
    Then pod "web-3" was scheduled on node "node-3"
    And pod "web-4" is unschedulable with message "0/3 nodes are available: 3 node(s) didn't match pod topology spread constraints (missing required label). preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling."

  Scenario: required pod anti-affinity puts replicas on different nodes (InterPodAffinity; fact 78)
    Given a cluster with 2 nodes
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata: {name: cache-1, labels: {app: cache}}
      spec:
        affinity:
          podAntiAffinity:
            requiredDuringSchedulingIgnoredDuringExecution:
              - topologyKey: kubernetes.io/hostname
                labelSelector: {matchLabels: {app: cache}}
        containers: [{name: app, image: redis:7}]
      """
    And I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata: {name: cache-2, labels: {app: cache}}
      spec:
        affinity:
          podAntiAffinity:
            requiredDuringSchedulingIgnoredDuringExecution:
              - topologyKey: kubernetes.io/hostname
                labelSelector: {matchLabels: {app: cache}}
        containers: [{name: app, image: redis:7}]
      """
    And I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata: {name: cache-3, labels: {app: cache}}
      spec:
        affinity:
          podAntiAffinity:
            requiredDuringSchedulingIgnoredDuringExecution:
              - topologyKey: kubernetes.io/hostname
                labelSelector: {matchLabels: {app: cache}}
        containers: [{name: app, image: redis:7}]
      """
    # Two nodes, two replicas, one per node: the third has nowhere to go.
    Then eventually pod "cache-1" is Running
    And eventually pod "cache-2" is Running
    And pod "cache-3" is unschedulable with message "0/2 nodes are available: 2 node(s) didn't match pod anti-affinity rules. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod."

  Scenario: required pod affinity puts a pod next to the pod it follows (InterPodAffinity; fact 78)
    Given a cluster with 3 nodes
    And a pod "db" on node "node-2"
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata: {name: app}
      spec:
        affinity:
          podAffinity:
            requiredDuringSchedulingIgnoredDuringExecution:
              - topologyKey: kubernetes.io/hostname
                labelSelector: {matchLabels: {app: db}}
        containers: [{name: app, image: nginx:1.25}]
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: orphan}
      spec:
        affinity:
          podAffinity:
            requiredDuringSchedulingIgnoredDuringExecution:
              - topologyKey: kubernetes.io/hostname
                labelSelector: {matchLabels: {app: nothing}}
        containers: [{name: app, image: nginx:1.25}]
      """
    Then pod "app" was scheduled on node "node-2"
    And pod "orphan" is unschedulable with message "0/3 nodes are available: 3 node(s) didn't match pod affinity rules. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling."
