Feature: Scoring by taints, preferred node affinity and the images on a node
  TaintToleration counts the PreferNoSchedule taints a pod does not tolerate (fewer is better),
  NodeAffinity sums the weights of the preferred terms a node matches, and ImageLocality favours nodes
  that already have the pod's images, scaled by how many nodes have them (SEMANTICS facts 64–66).

  Scenario: PreferNoSchedule taints, preferred node affinity and image locality (facts 64–66)
    Given a cluster with nodes:
      | name   | taints                | labels   | images      |
      | node-1 | spot:PreferNoSchedule |          | big:1=800Mi |
      | node-2 |                       | disk=ssd |             |
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata: {name: web}
      spec:
        affinity:
          nodeAffinity:
            preferredDuringSchedulingIgnoredDuringExecution:
              - weight: 50
                preference:
                  matchExpressions:
                    - {key: disk, operator: In, values: [ssd]}
        containers:
          - {name: app, image: "big:1"}
      """
    # ImageLocality: 800Mi × 1/2 nodes = 400Mi, scaled between 23Mi and 1000Mi: 100 × 377 / 977 = 38.
    Then the scheduler scores for pod "web" are:
      | node   | plugin          | score |
      | node-1 | TaintToleration | 0     |
      | node-2 | TaintToleration | 100   |
      | node-1 | NodeAffinity    | 0     |
      | node-2 | NodeAffinity    | 100   |
      | node-1 | ImageLocality   | 38    |
      | node-2 | ImageLocality   | 0     |
    And pod "web" was scheduled on node "node-2"
