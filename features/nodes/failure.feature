Feature: A pod on a node that fails, as the node lifecycle and taint-eviction controllers handle it
  When a node's kubelet stops posting status and renewing its Lease, the node lifecycle controller
  notices after the monitor grace period (50s from v1.32), marks the node's conditions Unknown, taints
  it unreachable, and marks its pods NotReady. The pods tolerate the unreachable taint for 300s (the
  DefaultTolerationSeconds admission plugin adds the toleration); then the taint-eviction controller
  deletes them, and since no kubelet can confirm, they stay Terminating until the node comes back, is
  deleted, or the pod is force-deleted (SEMANTICS facts 4–22).

  Background:
    Given a cluster with 3 nodes
    And a pod "web" on node "node-2"

  Scenario: the failure timeline of a pod on a failed node (facts 4, 5, 7–10, 12, 13, 15, 16)
    Then pod "web" matches:
      """
      spec:
        tolerations:
          - {key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 300}
          - {key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 300}
      """
    When node "node-2" fails
    Then for 40 seconds node "node-2" is Ready
    And within 20 seconds node "node-2" is Unknown
    And node "node-2" matches:
      """
      status:
        conditions:
          - {type: Ready, status: Unknown, reason: NodeStatusUnknown, message: Kubelet stopped posting node status.}
          - {type: MemoryPressure, status: Unknown, reason: NodeStatusUnknown, message: Kubelet stopped posting node status.}
          - {type: DiskPressure, status: Unknown, reason: NodeStatusUnknown, message: Kubelet stopped posting node status.}
          - {type: PIDPressure, status: Unknown, reason: NodeStatusUnknown, message: Kubelet stopped posting node status.}
      """
    And eventually node "node-2" has taint "node.kubernetes.io/unreachable:NoSchedule"
    And eventually node "node-2" has taint "node.kubernetes.io/unreachable:NoExecute"
    And there is an event "NodeNotReady" for node "node-2" with message "Node node-2 status is now: NodeNotReady"
    And eventually pod "web" is NotReady
    And there is an event "NodeNotReady" for pod "web" with message "Node is not ready"
    And for 4 minutes pod "web" is Running
    And within 70 seconds pod "web" is Terminating
    And there is an event "TaintManagerEviction" for pod "web" with message "Marking for deletion Pod default/web"
    And for 10 minutes pod "web" is Terminating

  Scenario: the node comes back before the tolerations run out, so the pod stays (facts 8, 13)
    When node "node-2" fails
    And 2 minutes pass
    Then node "node-2" is Unknown
    And pod "web" is NotReady
    When node "node-2" recovers
    Then within 20 seconds node "node-2" is Ready
    And eventually node "node-2" does not have taint "node.kubernetes.io/unreachable:NoExecute"
    And eventually node "node-2" does not have taint "node.kubernetes.io/unreachable:NoSchedule"
    And eventually pod "web" is Ready
    And for 10 minutes pod "web" is Running
    And there is an event "TaintManagerEviction" for pod "web" with message "Cancelling deletion of Pod default/web"

  Scenario: a Terminating pod on a failed node goes when its kubelet comes back (fact 16)
    When node "node-2" fails
    And 7 minutes pass
    Then pod "web" is Terminating
    When node "node-2" recovers
    Then within 1 minute pod "web" does not exist

  Scenario: deleting the Node object lets PodGC remove its pods (fact 22)
    When node "node-2" fails
    And 7 minutes pass
    Then pod "web" is Terminating
    When node "node-2" is deleted
    Then within 1 minute pod "web" does not exist
    And node "node-2" does not exist

  Scenario: a Terminating pod on a failed node can be force-deleted (fact 16)
    When node "node-2" fails
    And 7 minutes pass
    And I force delete pod "web"
    Then pod "web" does not exist

  Scenario: the out-of-service taint force-deletes the pods without waiting for tolerations (fact 19)
    # The taint-eviction controller deletes the pod at once (it does not tolerate the taint); PodGC,
    # which runs every 20s, then force-deletes terminating pods on a not-Ready out-of-service node.
    When node "node-2" fails
    And 1 minute passes
    And node "node-2" is tainted "node.kubernetes.io/out-of-service=nodeshutdown:NoExecute"
    Then pod "web" is Terminating
    And there is an event "TaintManagerEviction" for pod "web" with message "Marking for deletion Pod default/web"
    And within 20 seconds pod "web" does not exist

  Scenario: a pod without the default tolerations is evicted as soon as the NoExecute taint lands (fact 13)
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: impatient
      spec:
        nodeName: node-2
        tolerations:
          - {key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: 0}
        containers:
          - name: app
            image: nginx:1.25
      """
    And the cluster settles
    And node "node-2" fails
    Then within 60 seconds pod "impatient" is Terminating
    And there is an event "TaintManagerEviction" for pod "impatient" with message "Marking for deletion Pod default/impatient"
    And pod "web" is Running
