Feature: Node maintenance: cordon, uncordon, drain with a PodDisruptionBudget, heartbeats
  `kubectl cordon` sets spec.unschedulable, which the node lifecycle controller turns into the
  node.kubernetes.io/unschedulable:NoSchedule taint and the scheduler's NodeUnschedulable plugin
  honours. `kubectl drain` cordons, then evicts the node's pods through the Eviction API, which refuses
  (429) while a PodDisruptionBudget allows no disruption; kubectl retries every 5s. The kubelet posts
  node status and renews its Lease in kube-node-lease every 10s (SEMANTICS facts 1–3, 7).

  Background:
    Given a cluster with 3 nodes

  Scenario: a cordoned node takes no new pods and an uncordoned one does again (fact 7)
    Given a pod "before" on node "node-1"
    When I cordon node "node-1"
    Then node "node-1" is SchedulingDisabled
    And node "node-1" matches:
      """
      spec:
        unschedulable: true
      """
    And eventually node "node-1" has taint "node.kubernetes.io/unschedulable:NoSchedule"
    And pod "before" is Running
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: pinned
      spec:
        affinity:
          nodeAffinity:
            requiredDuringSchedulingIgnoredDuringExecution:
              nodeSelectorTerms:
                - matchExpressions:
                    - {key: kubernetes.io/hostname, operator: In, values: [node-1]}
        containers:
          - name: app
            image: nginx:1.25
      """
    Then eventually pod "pinned" is unschedulable with message "0/3 nodes are available: 1 node(s) were unschedulable, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling."
    When I uncordon node "node-1"
    Then node "node-1" is Ready
    And eventually node "node-1" does not have taint "node.kubernetes.io/unschedulable:NoSchedule"
    And within 10 seconds pod "pinned" is running on node "node-1"

  Scenario: drain evicts a node's pods as far as their PodDisruptionBudget allows
    Given the manifest:
      """
      apiVersion: policy/v1
      kind: PodDisruptionBudget
      metadata:
        name: web
      spec:
        minAvailable: 2
        selector:
          matchLabels: {app: web}
      ---
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
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: web-3, labels: {app: web}}
      spec:
        nodeName: node-2
        containers: [{name: app, image: nginx:1.25}]
      """
    Then eventually poddisruptionbudget "web" matches:
      """
      status:
        currentHealthy: 3
        desiredHealthy: 2
        expectedPods: 3
        disruptionsAllowed: 1
      """
    When I drain node "node-1"
    Then node "node-1" is SchedulingDisabled
    And within 40 seconds the names of the pod labelled "app=web" match "web-2, web-3"
    And for 2 minutes the drain of node "node-1" has not finished
    And pod "web-2" is Running
    And poddisruptionbudget "web" matches:
      """
      status:
        currentHealthy: 2
        desiredHealthy: 2
        disruptionsAllowed: 0
      """
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata: {name: web-4, labels: {app: web}}
      spec:
        nodeName: node-3
        containers: [{name: app, image: nginx:1.25}]
      """
    Then within 1 minute the drain of node "node-1" has finished
    And the names of the pod labelled "app=web" match "web-3, web-4"

  Scenario: the kubelet renews its Lease in kube-node-lease every 10 seconds (facts 1–3)
    Then lease "kube-node-lease/node-1" matches:
      """
      spec:
        holderIdentity: node-1
        leaseDurationSeconds: 40
      """
    And the key "/registry/leases/kube-node-lease/node-1" exists in the store
    When 1 minute passes
    Then lease "kube-node-lease/node-1" matches:
      """
      spec:
        renewTime: "2025-01-01T00:00:5*"
      """
    When 10 seconds pass
    Then lease "kube-node-lease/node-1" matches:
      """
      spec:
        renewTime: "2025-01-01T00:01:0*"
      """
    And node "node-1" matches:
      """
      status:
        conditions:
          - {type: Ready, status: "True", reason: KubeletReady, message: kubelet is posting ready status}
          - {type: MemoryPressure, status: "False", reason: KubeletHasSufficientMemory}
          - {type: DiskPressure, status: "False", reason: KubeletHasNoDiskPressure}
          - {type: PIDPressure, status: "False", reason: KubeletHasSufficientPID}
      """

  Scenario: a node as its kubelet registers it, and a pod's addresses from that node (facts 6, 143)
    Given a pod "web" on node "node-2"
    Then node "node-2" matches:
      """
      metadata:
        labels:
          kubernetes.io/hostname: node-2
          kubernetes.io/os: linux
          kubernetes.io/arch: amd64
      spec:
        podCIDR: 10.244.1.0/24
      status:
        capacity: {cpu: "4", memory: 8Gi, pods: "110"}
        allocatable: {cpu: "4", memory: 8Gi, pods: "110"}
        addresses:
          - {type: InternalIP, address: 172.18.0.3}
          - {type: Hostname, address: node-2}
        nodeInfo: {kubeletVersion: v1.32.0}
      """
    And pod "web" matches:
      """
      status:
        hostIP: 172.18.0.3
        podIP: 10.244.1.*
        startTime: "2025-01-01T00:00:00Z"
        conditions:
          - {type: PodReadyToStartContainers, status: "True"}
          - {type: Initialized, status: "True"}
          - {type: ContainersReady, status: "True"}
          - {type: Ready, status: "True"}
          - {type: PodScheduled, status: "True"}
      """
