Feature: ReplicaSets keep the number of pods their spec asks for
  The ReplicaSet controller creates the missing pods from the template (in slow-start batches of
  1, 2, 4, …), deletes the surplus (unscheduled, pending and not-ready pods first), adopts matching
  orphans and releases pods whose labels stop matching, recording SuccessfulCreate and
  SuccessfulDelete on the set (SEMANTICS facts 17, 47–49).

  Background:
    Given a cluster with 3 nodes

  Scenario: a ReplicaSet creates its pods, owned by it, and reports them ready (facts 47, 48)
    Given the manifest:
      """
      apiVersion: apps/v1
      kind: ReplicaSet
      metadata: {name: web}
      spec:
        replicas: 3
        selector:
          matchLabels: {app: web}
        template:
          metadata:
            labels: {app: web}
          spec:
            containers: [{name: app, image: nginx:1.25}]
      """
    Then eventually replicaset "web" has 3 ready replicas
    And replicaset "web" has 3 running pods
    And replicaset "web" matches:
      """
      status:
        replicas: 3
        fullyLabeledReplicas: 3
        readyReplicas: 3
        availableReplicas: 3
        observedGeneration: 1
      """
    And the events for replicaset "web" include:
      | type   | reason           | message            |
      | Normal | SuccessfulCreate | Created pod: web-* |
      | Normal | SuccessfulCreate | Created pod: web-* |
      | Normal | SuccessfulCreate | Created pod: web-* |
    And the names of the pod labelled "app=web" match "web-*, web-*, web-*"

  Scenario: a deleted pod is replaced at once, a surplus one deleted (facts 17, 47)
    Given the manifest:
      """
      apiVersion: apps/v1
      kind: ReplicaSet
      metadata: {name: web}
      spec:
        replicas: 2
        selector:
          matchLabels: {app: web}
        template:
          metadata:
            labels: {app: web}
          spec:
            containers: [{name: app, image: nginx:1.25}]
      """
    And eventually replicaset "web" has 2 ready replicas
    When I scale replicaset "web" to 4
    Then eventually replicaset "web" has 4 ready replicas
    When I scale replicaset "web" to 1
    Then eventually replicaset "web" has 1 running pod
    And eventually replicaset "web" matches:
      """
      status: {replicas: 1, readyReplicas: 1}
      """
    And there is an event "SuccessfulDelete" for replicaset "web" with message "Deleted pod: web-*"

  Scenario: an orphan pod with matching labels is adopted, and counts (adoption by selector)
    Given the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata: {name: stray, labels: {app: web}}
      spec:
        containers: [{name: app, image: nginx:1.25}]
      """
    When I apply the manifest:
      """
      apiVersion: apps/v1
      kind: ReplicaSet
      metadata: {name: web}
      spec:
        replicas: 2
        selector:
          matchLabels: {app: web}
        template:
          metadata:
            labels: {app: web}
          spec:
            containers: [{name: app, image: nginx:1.25}]
      """
    Then eventually replicaset "web" has 2 ready replicas
    And pod "stray" matches:
      """
      metadata:
        ownerReferences:
          - {apiVersion: apps/v1, kind: ReplicaSet, name: web, controller: true, blockOwnerDeletion: true}
      """
    And the events for replicaset "web" include:
      | reason           | message            |
      | SuccessfulCreate | Created pod: web-* |
    And there is no event "SuccessfulDelete" for replicaset "web"

  Scenario: a pod whose labels stop matching is released and replaced (release by selector)
    Given the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata: {name: stray, labels: {app: web}}
      spec:
        containers: [{name: app, image: nginx:1.25}]
      ---
      apiVersion: apps/v1
      kind: ReplicaSet
      metadata: {name: web}
      spec:
        replicas: 2
        selector:
          matchLabels: {app: web}
        template:
          metadata:
            labels: {app: web}
          spec:
            containers: [{name: app, image: nginx:1.25}]
      """
    And eventually replicaset "web" has 2 ready replicas
    When I patch pod "stray" with:
      """
      metadata:
        labels: {app: debug}
      """
    Then eventually pod "stray" does not match:
      """
      metadata:
        ownerReferences: [{kind: ReplicaSet}]
      """
    And eventually replicaset "web" has 2 ready replicas
    And the names of the pod labelled "app=web" match "web-*, web-*"
    And pod "stray" is Running

  Scenario: pods evicted from a failed node are replaced at once while they stay Terminating (facts 15–17)
    Given the manifest:
      """
      apiVersion: apps/v1
      kind: ReplicaSet
      metadata: {name: web}
      spec:
        replicas: 3
        selector:
          matchLabels: {app: web}
        template:
          metadata:
            labels: {app: web}
          spec:
            affinity:
              podAntiAffinity:
                requiredDuringSchedulingIgnoredDuringExecution:
                  - topologyKey: kubernetes.io/hostname
                    labelSelector: {matchLabels: {app: web}}
            containers: [{name: app, image: nginx:1.25}]
      """
    And eventually replicaset "web" has 3 ready replicas
    When a node "node-4" joins the cluster
    And node "node-2" fails
    Then within 1 minute replicaset "web" has 2 ready replicas
    And for 4 minutes replicaset "web" has 3 running pods
    # After the 300s toleration the pod is deleted (graceful, so it stays Terminating on the dead
    # node); it no longer counts, and the set creates a replacement on node-4 at once.
    And within 2 minutes replicaset "web" has 3 ready replicas
    And the names of the pod labelled "app=web" match "web-*, web-*, web-*, web-*"
