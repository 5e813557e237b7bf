Feature: Priority and preemption
  A pod's priority comes from its PriorityClass (the Priority admission plugin resolves
  priorityClassName into spec.priority). When a higher-priority pod fits nowhere, DefaultPreemption
  picks a node and the fewest, lowest-priority victims there, nominates the node
  (status.nominatedNodeName), marks the victims with the DisruptionTarget condition and deletes them
  gracefully; the preemptor lands once they are gone (SEMANTICS facts 72–76).

  Background:
    Given a cluster with nodes:
      | name   | cpu |
      | node-1 | 2   |
      | node-2 | 2   |
    And the manifest:
      """
      apiVersion: scheduling.k8s.io/v1
      kind: PriorityClass
      metadata: {name: low}
      value: 100
      ---
      apiVersion: scheduling.k8s.io/v1
      kind: PriorityClass
      metadata: {name: high}
      value: 1000
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: batch-1}
      spec:
        priorityClassName: low
        nodeName: node-1
        terminationGracePeriodSeconds: 10
        containers: [{name: app, image: nginx:1.25, resources: {requests: {cpu: 1500m}}}]
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: batch-2
        labels: {app: batch-2}
        annotations: {sim.kubespec.io/ignore-sigterm: "true"}
      spec:
        nodeName: node-2
        containers: [{name: app, image: nginx:1.25, resources: {requests: {cpu: 1500m}}}]
      """

  Scenario: the priority class resolves into spec.priority
    Then pod "batch-1" matches:
      """
      spec:
        priority: 100
        priorityClassName: low
      """
    And pod "batch-2" matches:
      """
      spec:
        priority: 0
      """

  Scenario: a high-priority pod preempts the lowest-priority victim and takes its node
    # batch-2 has priority 0, lower than batch-1's 100, so node-2 is the cheaper node to preempt on.
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata: {name: urgent}
      spec:
        priorityClassName: high
        containers: [{name: app, image: nginx:1.25, resources: {requests: {cpu: "1"}}}]
      """
    # Preemption succeeded, so the FitError has no preemption part (fact 74).
    Then pod "urgent" is unschedulable with message "0/2 nodes are available: 2 Insufficient cpu."
    And pod "urgent" matches:
      """
      spec:
        priority: 1000
      status:
        nominatedNodeName: node-2
      """
    And pod "batch-2" is Terminating
    And pod "batch-2" matches:
      """
      status:
        conditions:
          - type: DisruptionTarget
            status: "True"
            reason: PreemptionByScheduler
            message: "default-scheduler: preempting to accommodate a higher priority pod"
      """
    And there is an event "Preempted" for pod "batch-2" with message "Preempted by pod * on node node-2"
    And pod "batch-1" is Running
    # batch-2 ignores SIGTERM, so it holds its CPU for its whole 30s grace period.
    And for 29 seconds pod "urgent" is Pending
    And within 10 seconds pod "urgent" is running on node "node-2"
    And pod "batch-2" does not exist

  Scenario: a pod whose class says preemptionPolicy Never preempts nobody
    When I apply the manifest:
      """
      apiVersion: scheduling.k8s.io/v1
      kind: PriorityClass
      metadata: {name: polite}
      value: 5000
      preemptionPolicy: Never
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: meek}
      spec:
        priorityClassName: polite
        containers: [{name: app, image: nginx:1.25, resources: {requests: {cpu: "1"}}}]
      """
    Then pod "meek" is unschedulable with message "0/2 nodes are available: 2 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never."
    And pod "meek" matches:
      """
      spec:
        priority: 5000
        preemptionPolicy: Never
      """
    And for 2 minutes pod "batch-2" is Running

  Scenario: a pod with no higher priority than any pod running finds no victims
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata: {name: peer}
      spec:
        containers: [{name: app, image: nginx:1.25, resources: {requests: {cpu: "1"}}}]
      """
    Then pod "peer" is unschedulable with message "0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod."

  Scenario: fewer PodDisruptionBudget violations outweigh lower victim priority
    # Without the budget node-2 would be chosen (batch-2 has the lower priority); with it, preempting
    # batch-2 would violate the budget, so DefaultPreemption takes batch-1 on node-1 instead.
    Given the manifest:
      """
      apiVersion: policy/v1
      kind: PodDisruptionBudget
      metadata: {name: batch-2}
      spec:
        minAvailable: 1
        selector:
          matchLabels: {app: batch-2}
      """
    And eventually poddisruptionbudget "batch-2" matches:
      """
      status:
        disruptionsAllowed: 0
      """
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata: {name: urgent}
      spec:
        priorityClassName: high
        containers: [{name: app, image: nginx:1.25, resources: {requests: {cpu: "1"}}}]
      """
    Then pod "urgent" matches:
      """
      status:
        nominatedNodeName: node-1
      """
    And there is an event "Preempted" for pod "batch-1" with message "Preempted by pod * on node node-1"
    And within 15 seconds pod "urgent" is running on node "node-1"
    And pod "batch-2" is Running
