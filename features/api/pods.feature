Feature: Pod states the API server alone decides
  There are no kubelets yet, so nothing moves a pod past Pending. What a user sees is what the API
  server decides: a new pod is Pending and not Ready (its status starts as `phase: Pending`), and a
  DELETE of a pod bound to a node is graceful — the pod is marked and shown Terminating until its
  kubelet confirms, or until it is force-deleted; a pod that never got a node goes at once
  (SEMANTICS fact 141).

  Background:
    Given a cluster with 1 node

  Scenario: a pod bound to a node starts Pending and not Ready
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: web
      spec:
        nodeName: node-1
        containers:
          - name: app
            image: nginx:1.25
      """
    Then pod "web" is Pending
    And pod "web" is NotReady
    And pod "web" matches:
      """
      status:
        phase: Pending
        qosClass: BestEffort
      """

  Scenario: deleting a bound pod only marks it Terminating, for as long as no kubelet confirms; a force delete removes it
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: web
      spec:
        nodeName: node-1
        terminationGracePeriodSeconds: 45
        containers:
          - name: app
            image: nginx:1.25
      """
    And 10 seconds pass
    And I delete pod "web"
    Then pod "web" is Terminating
    And pod "web" matches:
      """
      metadata:
        deletionTimestamp: "2025-01-01T00:00:55Z"
        deletionGracePeriodSeconds: 45
      """
    And for 1 minute pod "web" is Terminating
    When I force delete pod "web"
    Then pod "web" does not exist

  Scenario: a pod that never got a node is deleted at once
    # A scheduler no one runs, so the pod stays unbound whatever else the cluster runs.
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: web
      spec:
        schedulerName: no-such-scheduler
        containers:
          - name: app
            image: nginx:1.25
      """
    Then pod "web" is Pending
    When I delete pod "web"
    Then pod "web" does not exist
