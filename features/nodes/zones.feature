Feature: Zone-aware eviction limits of the node lifecycle controller
  The controller adds unreachable NoExecute taints through a rate-limited queue per zone: 0.1 per second
  (one node every 10s) while the zone is healthy. When at least 55% of a zone's nodes (and more than 2)
  are not Ready, the zone is partially disrupted and, in a cluster of at most 50 nodes, evictions stop.
  When every zone is fully disrupted the controller assumes a control-plane network problem and
  evicts nothing. NoSchedule taints are never rate-limited (SEMANTICS facts 7, 8, 11).

  Scenario: in a healthy zone, nodes are tainted NoExecute one every 10 seconds (fact 11)
    Given a cluster with nodes:
      | name   | zone |
      | node-1 | a    |
      | node-2 | a    |
      | node-3 | a    |
      | node-4 | a    |
      | node-5 | a    |
    When node "node-1" fails
    And node "node-2" fails
    Then within 1 minute node "node-1" has taint "node.kubernetes.io/unreachable:NoExecute"
    And node "node-2" has taint "node.kubernetes.io/unreachable:NoSchedule"
    And node "node-2" does not have taint "node.kubernetes.io/unreachable:NoExecute"
    And for 9 seconds node "node-2" does not have taint "node.kubernetes.io/unreachable:NoExecute"
    And within 2 seconds node "node-2" has taint "node.kubernetes.io/unreachable:NoExecute"

  Scenario: a partially disrupted zone of a small cluster gets no NoExecute taints (fact 11)
    Given a cluster with nodes:
      | name   | zone |
      | node-1 | a    |
      | node-2 | a    |
      | node-3 | a    |
      | node-4 | a    |
      | node-5 | b    |
    And a pod "web" on node "node-1"
    When node "node-1" fails
    And node "node-2" fails
    And node "node-3" fails
    Then within 1 minute node "node-3" is Unknown
    And eventually node "node-3" has taint "node.kubernetes.io/unreachable:NoSchedule"
    And for 10 minutes pod "web" is Running
    And node "node-1" does not have taint "node.kubernetes.io/unreachable:NoExecute"
    And node "node-2" does not have taint "node.kubernetes.io/unreachable:NoExecute"
    And node "node-3" does not have taint "node.kubernetes.io/unreachable:NoExecute"

  Scenario: when every node fails, the controller evicts nothing (fact 11)
    Given a cluster with 3 nodes
    And a pod "web" on node "node-1"
    When node "node-1" fails
    And node "node-2" fails
    And node "node-3" fails
    Then within 1 minute node "node-1" is Unknown
    And eventually node "node-1" has taint "node.kubernetes.io/unreachable:NoSchedule"
    And for 10 minutes pod "web" is Running
    And node "node-1" does not have taint "node.kubernetes.io/unreachable:NoExecute"
    When node "node-2" recovers
    Then within 1 minute node "node-2" is Ready
    And within 1 minute node "node-1" has taint "node.kubernetes.io/unreachable:NoExecute"
    And within 6 minutes pod "web" is Terminating
