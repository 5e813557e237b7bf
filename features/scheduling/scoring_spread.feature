Feature: Scoring by how pods spread: PodTopologySpread system defaults and InterPodAffinity preferences
  A pod with no spread constraints of its own still spreads: when a Service (or a ReplicaSet,
  StatefulSet, ReplicationController) selects it, PodTopologySpread applies the system default
  constraints (hostname maxSkew 3, zone maxSkew 5, ScheduleAnyway). Preferred pod (anti-)affinity
  terms add or subtract their weight for every matching pod in the node's topology domain
  (SEMANTICS facts 67, 68).

  Background:
    Given a cluster with 3 nodes
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

  Scenario: a pod selected by a Service spreads by the system default constraints (fact 68)
    # hostname: weight ln(3 + 2); node-1 raw round(2 × 1.609 + 2) = 5, the others round(0 + 2) = 2;
    # the nodes have no zone label, so that constraint counts for nothing. 100 × (5 + 2 − raw) / 5.
    Given a Service "web" selecting "app=web" on port 80
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata: {name: web-3, labels: {app: web}}
      spec:
        containers: [{name: app, image: nginx:1.25}]
      """
    Then the scheduler scores for pod "web-3" are:
      | node   | plugin            | score |
      | node-1 | PodTopologySpread | 40    |
      | node-2 | PodTopologySpread | 100   |
      | node-3 | PodTopologySpread | 100   |
    And eventually pod "web-3" is running on a node other than "node-1"

  Scenario: a pod not selected by anything is not spread (fact 68)
    # The total is TaintToleration 3 × 100 + NodeResourcesFit 92 + BalancedAllocation 100 +
    # ImageLocality 0: PodTopologySpread skipped the pod.
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata: {name: web-3, labels: {app: web}}
      spec:
        containers: [{name: app, image: nginx:1.25}]
      """
    Then the scheduler scores for pod "web-3" are:
      | node   | plugin | score |
      | node-1 | total  | 492   |

  Scenario: preferred pod anti-affinity scores the node with the matching pods lowest (fact 67)
    # node-1: −100 for each of web-1 and web-2 = −200; the others 0. 100 × (raw − min) / (max − min).
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata: {name: loner}
      spec:
        affinity:
          podAntiAffinity:
            preferredDuringSchedulingIgnoredDuringExecution:
              - weight: 100
                podAffinityTerm:
                  topologyKey: kubernetes.io/hostname
                  labelSelector: {matchLabels: {app: web}}
        containers: [{name: app, image: nginx:1.25}]
      """
    Then the scheduler scores for pod "loner" are:
      | node   | plugin           | score |
      | node-1 | InterPodAffinity | 0     |
      | node-2 | InterPodAffinity | 100   |
      | node-3 | InterPodAffinity | 100   |
    And eventually pod "loner" is running on a node other than "node-1"

  Scenario: preferred pod affinity scores the node with the matching pods highest (fact 67)
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata: {name: friend}
      spec:
        affinity:
          podAffinity:
            preferredDuringSchedulingIgnoredDuringExecution:
              - weight: 10
                podAffinityTerm:
                  topologyKey: kubernetes.io/hostname
                  labelSelector: {matchLabels: {app: web}}
        containers: [{name: app, image: nginx:1.25}]
      """
    Then the scheduler scores for pod "friend" are:
      | node   | plugin           | score |
      | node-1 | InterPodAffinity | 100   |
      | node-2 | InterPodAffinity | 0     |
    And pod "friend" was scheduled on node "node-1"
