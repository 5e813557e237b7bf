Feature: StatefulSets: stable identities, ordered start and at-most-one pod per identity
  The StatefulSet controller names its pods <set>-0 … <set>-N-1, gives each a stable hostname under
  the headless Service, and (OrderedReady) creates each pod only once its predecessor is Running and
  Ready. A pod on a failed node keeps its identity while it is Terminating: the controller makes no
  second test-1 until the old one is gone from the API server, which happens when the node is
  deleted or tainted out-of-service (SEMANTICS facts 16–19, 24–35).

  Scenario: pods start one at a time, in ordinal order, each with its identity (facts 24–26, 28, 35)
    Given a cluster with 3 nodes
    And a StatefulSet "web" with 3 replicas
    Then the pods of statefulset "web" were created in the order "web-0, web-1, web-2"
    And pod "web-1" matches:
      """
      metadata:
        generateName: web-
        labels:
          app: web
          statefulset.kubernetes.io/pod-name: web-1
          apps.kubernetes.io/pod-index: "1"
        ownerReferences:
          - {apiVersion: apps/v1, kind: StatefulSet, name: web, controller: true, blockOwnerDeletion: true}
      spec:
        hostname: web-1
        subdomain: web
      """
    And statefulset "web" matches:
      """
      spec:
        podManagementPolicy: OrderedReady
        revisionHistoryLimit: 10
        updateStrategy: {type: RollingUpdate, rollingUpdate: {partition: 0}}
        persistentVolumeClaimRetentionPolicy: {whenDeleted: Retain, whenScaled: Retain}
      status:
        observedGeneration: 1
        replicas: 3
        readyReplicas: 3
        availableReplicas: 3
        currentReplicas: 3
        updatedReplicas: 3
        collisionCount: 0
      """
    And the events for statefulset "web" include:
      | type   | reason           | message                                         |
      | Normal | SuccessfulCreate | create Pod web-0 in StatefulSet web successful |
      | Normal | SuccessfulCreate | create Pod web-1 in StatefulSet web successful |
      | Normal | SuccessfulCreate | create Pod web-2 in StatefulSet web successful |

  Scenario: the next pod waits until its predecessor is Ready (fact 28)
    Given a cluster with 3 nodes
    When I apply the manifest:
      """
      apiVersion: apps/v1
      kind: StatefulSet
      metadata: {name: db}
      spec:
        replicas: 3
        serviceName: db
        selector:
          matchLabels: {app: db}
        template:
          metadata:
            labels: {app: db}
            annotations: {sim.kubespec.io/start-delay: 20s}
          spec:
            containers: [{name: app, image: nginx:1.25, readinessProbe: {exec: {command: [ready]}, periodSeconds: 1}}]
      """
    Then eventually pod "db-0" is Running
    And for 15 seconds pod "db-1" does not exist
    And within 10 seconds pod "db-0" is Ready
    And eventually pod "db-1" exists
    And pod "db-2" does not exist
    And eventually statefulset "db" has 3 ready replicas
    And the pods of statefulset "db" were created in the order "db-0, db-1, db-2"

  Scenario: Parallel creates every pod at once (fact 31)
    Given a cluster with 3 nodes
    When I apply the manifest:
      """
      apiVersion: apps/v1
      kind: StatefulSet
      metadata: {name: db}
      spec:
        replicas: 3
        podManagementPolicy: Parallel
        serviceName: db
        selector:
          matchLabels: {app: db}
        template:
          metadata:
            labels: {app: db}
            annotations: {sim.kubespec.io/start-delay: 20s}
          spec:
            containers: [{name: app, image: nginx:1.25, readinessProbe: {exec: {command: [ready]}, periodSeconds: 1}}]
      """
    Then pod "db-0" exists
    And pod "db-1" exists
    And pod "db-2" exists
    And eventually statefulset "db" has 3 ready replicas

  Scenario: scaling down removes the highest ordinal first, one at a time; scaling up brings the same names back (fact 30)
    Given a cluster with 3 nodes
    And a StatefulSet "web" with 4 replicas
    When I scale statefulset "web" to 1
    Then eventually statefulset "web" has 1 ready replica
    And eventually pod "web-1" does not exist
    And the pods of statefulset "web" were deleted in the order "web-3, web-2, web-1"
    And the events for statefulset "web" include:
      | type   | reason           | message                                         |
      | Normal | SuccessfulDelete | delete Pod web-3 in StatefulSet web successful |
      | Normal | SuccessfulDelete | delete Pod web-2 in StatefulSet web successful |
      | Normal | SuccessfulDelete | delete Pod web-1 in StatefulSet web successful |
    When I scale statefulset "web" to 3
    Then eventually statefulset "web" has 3 ready replicas
    And the pods of statefulset "web" were created in the order "web-0, web-1, web-2, web-3, web-1, web-2"

  Scenario: a deleted pod comes back under the same name (facts 25, 28)
    Given a cluster with 3 nodes
    And a StatefulSet "web" with 3 replicas
    When I delete pod "web-1"
    Then eventually statefulset "web" has 3 ready replicas
    And pod "web-1" is Running
    And the pods of statefulset "web" were created in the order "web-0, web-1, web-2, web-1"

  Scenario: a rolling update replaces pods from the highest ordinal down, each after the one before is Ready (fact 32)
    Given a cluster with 3 nodes
    And a StatefulSet "web" with 3 replicas
    When I set the image of statefulset "web" to "nginx:1.26"
    Then eventually statefulset "web" matches:
      """
      status: {replicas: 3, readyReplicas: 3, updatedReplicas: 3, currentReplicas: 3}
      """
    And the pods of statefulset "web" were deleted in the order "web-2, web-1, web-0"
    And the pods of statefulset "web" were created in the order "web-0, web-1, web-2, web-2, web-1, web-0"
    And pod "web-0" matches:
      """
      spec:
        containers: [{name: app, image: "nginx:1.26"}]
      """

  Scenario: a partition keeps the pods below it at the old revision (fact 32)
    Given a cluster with 3 nodes
    And a StatefulSet "web" with 3 replicas
    When I patch statefulset "web" with:
      """
      spec:
        updateStrategy:
          rollingUpdate: {partition: 2}
      """
    And I set the image of statefulset "web" to "nginx:1.26"
    Then eventually statefulset "web" matches:
      """
      status: {readyReplicas: 3, updatedReplicas: 1, currentReplicas: 2}
      """
    And for 5 minutes pod "web-1" matches:
      """
      spec:
        containers: [{name: app, image: "nginx:1.25"}]
      """
    And pod "web-2" matches:
      """
      spec:
        containers: [{name: app, image: "nginx:1.26"}]
      """
    And the pods of statefulset "web" were deleted in the order "web-2"

  Scenario: OnDelete replaces a pod with the new template only when it is deleted (fact 33)
    Given a cluster with 3 nodes
    And the manifest:
      """
      apiVersion: apps/v1
      kind: StatefulSet
      metadata: {name: web}
      spec:
        replicas: 2
        serviceName: web
        updateStrategy: {type: OnDelete}
        selector:
          matchLabels: {app: web}
        template:
          metadata:
            labels: {app: web}
          spec:
            containers: [{name: app, image: nginx:1.25}]
      """
    When I set the image of statefulset "web" to "nginx:1.26"
    Then for 5 minutes pod "web-1" matches:
      """
      spec:
        containers: [{name: app, image: "nginx:1.25"}]
      """
    When I delete pod "web-1"
    Then eventually pod "web-1" matches:
      """
      spec:
        containers: [{name: app, image: "nginx:1.26"}]
      """
    And pod "web-0" matches:
      """
      spec:
        containers: [{name: app, image: "nginx:1.25"}]
      """

  Scenario: a pod on a failed node is replaced only after the node is deleted (facts 16–18, 28)
    Given the random seed is 9
    And a cluster with 3 nodes
    And a StatefulSet "test" with 3 replicas
    And pod "test-1" is running on node "node-2"
    When node "node-2" fails
    Then within 6 minutes pod "test-1" is Terminating
    And for 20 minutes pod "test-1" is Terminating
    And statefulset "test" has 2 ready replicas
    And the pods of statefulset "test" were created in the order "test-0, test-1, test-2"
    When node "node-2" is deleted
    Then eventually pod "test-1" is running on a node other than "node-2"
    And eventually statefulset "test" has 3 ready replicas
    And the pods of statefulset "test" were created in the order "test-0, test-1, test-2, test-1"

  Scenario: the out-of-service taint lets the replacement start while the node is still down (facts 19, 28)
    Given the random seed is 9
    And a cluster with 3 nodes
    And a StatefulSet "test" with 3 replicas
    And pod "test-1" is running on node "node-2"
    When node "node-2" fails
    And 6 minutes pass
    Then pod "test-1" is Terminating
    When node "node-2" is tainted "node.kubernetes.io/out-of-service=nodeshutdown:NoExecute"
    Then eventually pod "test-1" is running on a node other than "node-2"
    And node "node-2" is Unknown
    And the pods of statefulset "test" were created in the order "test-0, test-1, test-2, test-1"

  Scenario: maxUnavailable is dropped by the API server while MaxUnavailableStatefulSet is off (the v1.32 default)
    Given a cluster with 3 nodes
    And the manifest:
      """
      apiVersion: apps/v1
      kind: StatefulSet
      metadata:
        name: web
      spec:
        serviceName: web
        replicas: 2
        updateStrategy:
          type: RollingUpdate
          rollingUpdate:
            maxUnavailable: 2
        selector:
          matchLabels: {app: web}
        template:
          metadata:
            labels: {app: web}
          spec:
            containers:
            - name: app
              image: nginx:1.25
      """
    Then statefulset "web" has 2 ready replicas
    And statefulset "web" does not match:
      """
      spec:
        updateStrategy:
          rollingUpdate:
            maxUnavailable: 2
      """

  Scenario: with MaxUnavailableStatefulSet on, a rolling update replaces maxUnavailable pods at a time, highest ordinals first
    Given the feature gates "MaxUnavailableStatefulSet=true"
    And a cluster with 3 nodes
    And the manifest:
      """
      apiVersion: apps/v1
      kind: StatefulSet
      metadata:
        name: web
      spec:
        serviceName: web
        replicas: 4
        podManagementPolicy: Parallel
        updateStrategy:
          type: RollingUpdate
          rollingUpdate:
            maxUnavailable: 2
        selector:
          matchLabels: {app: web}
        template:
          metadata:
            labels: {app: web}
            annotations:
              sim.kubespec.io/start-delay: 20s
          spec:
            containers:
            - name: app
              image: nginx:1.25
      """
    Then statefulset "web" has 4 ready replicas
    When I set the image of statefulset "web" to "nginx:1.26"
    And 10 seconds pass
    Then statefulset "web" has 2 ready replicas
    And pod "web-0" matches:
      """
      spec:
        containers:
        - {name: app, image: nginx:1.25}
      """
    And pod "web-3" matches:
      """
      spec:
        containers:
        - {name: app, image: nginx:1.26}
      """
    And pod "web-2" matches:
      """
      spec:
        containers:
        - {name: app, image: nginx:1.26}
      """
    When 30 seconds pass
    Then pod "web-1" matches:
      """
      spec:
        containers:
        - {name: app, image: nginx:1.26}
      """
    And eventually statefulset "web" has 4 ready replicas
    And the pods of statefulset "web" were deleted in the order "web-3, web-2, web-1, web-0"
