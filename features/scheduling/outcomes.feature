Feature: What the scheduler writes back: Scheduled, FailedScheduling and the PodScheduled condition
  On success the scheduler binds the pod and records a Normal `Scheduled` event. On failure it sets the
  pod's PodScheduled condition to False (Unschedulable) and records a Warning `FailedScheduling` event,
  both with the FitError message: the node count, the filter reasons counted and string-sorted, then what
  preemption found. An unschedulable pod waits until a cluster event could make it fit — a node
  joining, say (SEMANTICS facts 73–78).

  Scenario: a scheduled pod gets the Scheduled event from default-scheduler (fact 77)
    Given a cluster with 3 nodes
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata: {name: web}
      spec:
        containers: [{name: app, image: nginx:1.25}]
      """
    # A When step runs the immediate consequences, so the scheduler has already placed the pod.
    Then pod "web" was scheduled on node "node-*"
    And pod "web" is ContainerCreating
    And there is an event "Scheduled" for pod "web" with message "Successfully assigned default/web to node-*"
    And pod "web" matches:
      """
      status:
        conditions:
          - {type: PodScheduled, status: "True"}
      """
    And within 5 seconds pod "web" is Running

  Scenario: a pod too big for every node is unschedulable with the exact FitError (facts 74–76)
    Given a cluster with 3 nodes
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata: {name: big}
      spec:
        containers:
          - name: app
            image: nginx:1.25
            resources:
              requests: {cpu: "5", memory: 16Gi}
      """
    Then eventually pod "big" is unschedulable with message "0/3 nodes are available: 3 Insufficient cpu, 3 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod."
    And pod "big" matches:
      """
      status:
        phase: Pending
        conditions:
          - {type: PodScheduled, status: "False", reason: Unschedulable}
      """
    And the events for pod "big" include:
      | type    | reason           | message                                                                                                                                              |
      | Warning | FailedScheduling | 0/3 nodes are available: 3 Insufficient cpu, 3 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod. |
    And there is no event "Scheduled" for pod "big"

  Scenario: reasons from different filters are counted per node and string-sorted (fact 74, 78, 79)
    Given a cluster with nodes:
      | name   | cpu | taints                 | labels    |
      | node-1 | 1   |                        | disk=ssd  |
      | node-2 | 4   | dedicated=infra:NoSchedule | disk=ssd |
      | node-3 | 4   |                        | disk=hdd  |
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata: {name: picky}
      spec:
        nodeSelector: {disk: ssd}
        containers:
          - name: app
            image: nginx:1.25
            resources:
              requests: {cpu: "2"}
      """
    Then eventually pod "picky" is unschedulable with message "0/3 nodes are available: 1 Insufficient cpu, 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint {dedicated: infra}. preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling."

  Scenario: a pod that fits nowhere lands on a node that joins (fact 73)
    Given a cluster with 2 nodes
    And the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata: {name: filler-1}
      spec:
        nodeName: node-1
        containers: [{name: app, image: nginx:1.25, resources: {requests: {cpu: "3"}}}]
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: filler-2}
      spec:
        nodeName: node-2
        containers: [{name: app, image: nginx:1.25, resources: {requests: {cpu: "3"}}}]
      """
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata: {name: big}
      spec:
        containers: [{name: app, image: nginx:1.25, resources: {requests: {cpu: "2"}}}]
      """
    Then pod "big" is unschedulable with message "0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod."
    And for 2 minutes pod "big" is Pending
    When a node "node-3" joins the cluster
    Then within 10 seconds pod "big" was scheduled on node "node-3"
    And within 10 seconds pod "big" is Running

  Scenario: a pod that becomes schedulable when another pod is deleted (fact 73)
    Given a cluster with nodes:
      | name   | cpu |
      | node-1 | 2   |
    And a pod "first" on node "node-1"
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata: {name: second}
      spec:
        containers:
          - name: app
            image: nginx:1.25
            resources:
              requests: {cpu: "1950m"}
      """
    Then eventually pod "second" is unschedulable with message "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod."
    When I delete pod "first"
    Then within 1 minute pod "second" is running on node "node-1"
