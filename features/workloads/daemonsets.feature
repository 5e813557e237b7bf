Feature: DaemonSets
  The DaemonSet controller makes one pod per eligible node. It does not bind them: each pod gets a
  required node affinity for its node and the default scheduler places it there (fact 53). Daemon
  pods tolerate not-ready, unreachable, pressure and cordons (fact 52), so they stay where other
  pods are evicted; a rolling update replaces them within maxUnavailable and maxSurge.

  Scenario: One pod per node, placed by the default scheduler through a node affinity, with the daemon tolerations (facts 51-54)
    # Pod names are generated from the seed: with seed 1 the first one is agent-hzzgj.
    Given the random seed is 1
    And a cluster with 3 nodes
    And a DaemonSet "agent"
    Then daemonset "agent" matches:
      """
      metadata:
        annotations:
          deprecated.daemonset.template.generation: "1"
      spec:
        updateStrategy:
          type: RollingUpdate
          rollingUpdate: {maxUnavailable: 1, maxSurge: 0}
        revisionHistoryLimit: 10
      status:
        desiredNumberScheduled: 3
        currentNumberScheduled: 3
        numberReady: 3
        numberAvailable: 3
        updatedNumberScheduled: 3
        numberMisscheduled: 0
      """
    And daemonset "agent" has 3 running pods
    And pod "agent-hzzgj" matches:
      """
      metadata:
        labels:
          app: agent
          pod-template-generation: "1"
        ownerReferences:
        - {kind: DaemonSet, name: agent, controller: true}
      spec:
        affinity:
          nodeAffinity:
            requiredDuringSchedulingIgnoredDuringExecution:
              nodeSelectorTerms:
              - matchFields:
                - {key: metadata.name, operator: In}
        tolerations:
        - {key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute}
        - {key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute}
        - {key: node.kubernetes.io/disk-pressure, operator: Exists, effect: NoSchedule}
        - {key: node.kubernetes.io/memory-pressure, operator: Exists, effect: NoSchedule}
        - {key: node.kubernetes.io/pid-pressure, operator: Exists, effect: NoSchedule}
        - {key: node.kubernetes.io/unschedulable, operator: Exists, effect: NoSchedule}
      """
    And there is an event "Scheduled" for pod "agent-hzzgj"
    And the events for daemonset "agent" include:
      | type   | reason           | message                  |
      | Normal | SuccessfulCreate | Created pod: agent-hzzgj |

  Scenario: A node that joins gets a pod once it matches the node selector
    Given a cluster with nodes:
      | name   | labels   |
      | node-1 | disk=ssd |
      | node-2 |          |
      | node-3 | disk=ssd |
    And the manifest:
      """
      apiVersion: apps/v1
      kind: DaemonSet
      metadata:
        name: agent
      spec:
        selector:
          matchLabels: {app: agent}
        template:
          metadata:
            labels: {app: agent}
          spec:
            nodeSelector: {disk: ssd}
            containers:
            - name: app
              image: nginx:1.25
      """
    Then daemonset "agent" has 2 running pods
    When a node "node-4" joins the cluster
    Then for 1 minute daemonset "agent" has 2 running pods
    When I patch node "node-4" with:
      """
      metadata:
        labels: {disk: ssd}
      """
    Then eventually daemonset "agent" has 3 running pods
    And daemonset "agent" matches:
      """
      status: {desiredNumberScheduled: 3, numberReady: 3}
      """
    # A node that stops matching loses its pod.
    When I patch node "node-1" with:
      """
      metadata:
        labels: {disk: null}
      """
    Then eventually daemonset "agent" has 2 running pods

  Scenario: Daemon pods stay on a cordoned node and on a failed node, where a Deployment's pod is evicted (fact 52)
    Given the random seed is 9
    And a cluster with 3 nodes
    And a DaemonSet "agent"
    And a Deployment "web" with 3 replicas
    When I cordon node "node-2"
    Then for 1 minute daemonset "agent" has 3 running pods
    When node "node-2" fails
    And 6 minutes pass
    # The Deployment's pod on node-2 was evicted after 300s and is Terminating; the daemon pod
    # tolerates node.kubernetes.io/unreachable:NoExecute without a time limit and stays.
    Then daemonset "agent" has 3 running pods
    And node "node-2" has taint "node.kubernetes.io/unreachable:NoExecute"
    And deployment "web" has 3 ready replicas
    And the pods of deployment "web" were deleted in the order "web-889bc7d97-jdhpb"
    And pod "web-889bc7d97-jdhpb" is Terminating
    And there is an event "TaintManagerEviction" for pod "web-889bc7d97-jdhpb"

  Scenario: A NoSchedule taint keeps the existing pod; a NoExecute taint the pod does not tolerate removes it
    Given a cluster with 3 nodes
    And a DaemonSet "agent"
    When node "node-1" is tainted "dedicated=db:NoSchedule"
    Then for 1 minute daemonset "agent" has 3 running pods
    And daemonset "agent" matches:
      """
      status: {desiredNumberScheduled: 2, currentNumberScheduled: 2, numberMisscheduled: 1}
      """
    When node "node-2" is tainted "dedicated=db:NoExecute"
    Then eventually daemonset "agent" has 2 running pods
    And daemonset "agent" matches:
      """
      status: {desiredNumberScheduled: 1, numberMisscheduled: 1}
      """

  Scenario: A rolling update replaces one pod at a time (maxUnavailable 1)
    Given a cluster with 3 nodes
    And a DaemonSet "agent"
    When I patch daemonset "agent" with:
      """
      spec:
        template:
          metadata:
            annotations:
              sim.kubespec.io/start-delay: 20s
      """
    # One old pod is deleted; its replacement needs 20s to get ready; only then the next goes.
    Then for 15 seconds daemonset "agent" has 2 ready replicas
    And within 90 seconds daemonset "agent" matches:
      """
      metadata:
        annotations:
          deprecated.daemonset.template.generation: "2"
      status: {updatedNumberScheduled: 3, numberReady: 3, numberAvailable: 3}
      """
    And the events for daemonset "agent" include:
      | reason           |
      | SuccessfulDelete |

  Scenario: With maxSurge 1 and maxUnavailable 0 the new pod starts beside the old one, which goes once the new one is ready
    Given a cluster with 3 nodes
    And the manifest:
      """
      apiVersion: apps/v1
      kind: DaemonSet
      metadata:
        name: agent
      spec:
        updateStrategy:
          rollingUpdate: {maxSurge: 1, maxUnavailable: 0}
        selector:
          matchLabels: {app: agent}
        template:
          metadata:
            labels: {app: agent}
          spec:
            containers:
            - name: app
              image: nginx:1.25
      """
    When I patch daemonset "agent" with:
      """
      spec:
        template:
          metadata:
            annotations:
              sim.kubespec.io/start-delay: 20s
      """
    Then within 10 seconds daemonset "agent" has 4 running pods
    And for 1 minute daemonset "agent" has 3 ready replicas
    And daemonset "agent" matches:
      """
      status: {updatedNumberScheduled: 3, numberAvailable: 3}
      """
    And daemonset "agent" has 3 running pods
