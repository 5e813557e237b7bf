Feature: A pod's life as the API server and its kubelet see it
  A pod bound to a node is started by that node's kubelet: its image is pulled, its container
  runs, and the kubelet writes the status the user sees. A DELETE of a bound pod is graceful: the
  API server only marks it (deletionTimestamp = now + grace period) and the pod shows Terminating
  until its kubelet has stopped the containers and confirms; a pod that never got a node goes at
  once (SEMANTICS facts 140–141).

  Background:
    Given a cluster with 1 node

  Scenario: a pod bound to a node is pulled, started and becomes Ready
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
    Then pod "web" is ContainerCreating
    And pod "web" is NotReady
    And within 5 seconds pod "web" is Running
    And pod "web" is Ready
    And pod "web" matches:
      """
      status:
        phase: Running
        qosClass: BestEffort
        containerStatuses:
          - name: app
            ready: true
            restartCount: 0
      """
    And the events for pod "web" include:
      | reason  | message                                |
      | Pulling | Pulling image "nginx:1.25"             |
      | Created | Created container: app                 |
      | Started | Started container app                  |

  Scenario: a container that ignores SIGTERM keeps its pod Terminating for the whole grace period
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: web
        annotations:
          sim.kubespec.io/ignore-sigterm: "true"
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
    And for 40 seconds pod "web" is Terminating
    And within 10 seconds pod "web" does not exist
    And there is an event "Killing" for pod "web" with message "Stopping container app"

  Scenario: a bound pod on a failed node stays Terminating until it is force-deleted
    Given a pod "web" on node "node-1"
    When node "node-1" fails
    And I delete pod "web"
    Then for 5 minutes pod "web" is Terminating
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
