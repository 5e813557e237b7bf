Feature: Deployments
  The deployment controller rolls a Deployment's pod template out through ReplicaSets named
  <deployment>-<pod-template-hash>, keeping the rollout within maxSurge and maxUnavailable,
  recording each resize as a ScalingReplicaSet event, and reporting progress in the Progressing
  and Available conditions (SEMANTICS facts 38-46, 50).

  Background:
    Given a cluster with 3 nodes

  Scenario: A new Deployment gets one ReplicaSet, revision 1, and the upstream defaults (facts 38, 45, 50)
    Given a Deployment "web" with 3 replicas
    Then deployment "web" matches:
      """
      metadata:
        annotations:
          deployment.kubernetes.io/revision: "1"
      spec:
        strategy:
          type: RollingUpdate
          rollingUpdate: {maxSurge: 25%, maxUnavailable: 25%}
        revisionHistoryLimit: 10
        progressDeadlineSeconds: 600
      status:
        replicas: 3
        updatedReplicas: 3
        availableReplicas: 3
        conditions:
        - type: Available
          status: "True"
          reason: MinimumReplicasAvailable
          message: Deployment has minimum availability.
        - type: Progressing
          status: "True"
          reason: NewReplicaSetAvailable
          message: ReplicaSet "web-889bc7d97" has successfully progressed.
      """
    And replicaset "web-889bc7d97" matches:
      """
      metadata:
        labels: {app: web, pod-template-hash: 889bc7d97}
        annotations:
          deployment.kubernetes.io/revision: "1"
          deployment.kubernetes.io/desired-replicas: "3"
          deployment.kubernetes.io/max-replicas: "4"
        ownerReferences:
        - {kind: Deployment, name: web, controller: true}
      spec:
        replicas: 3
        selector:
          matchLabels: {app: web, pod-template-hash: 889bc7d97}
      """
    And deployment "web" has 3 running pods
    And there is an event "ScalingReplicaSet" for deployment "web" with message "Scaled up replica set web-889bc7d97 to 3"
    And the rollout of deployment "web" is complete

  Scenario: A rolling update of 10 replicas moves 3 up and 2 down at a time (facts 39-43)
    Given a Deployment "web" with 10 replicas
    When I set the image of deployment "web" to "nginx:1.26"
    Then eventually the rollout of deployment "web" is complete
    # surge = ceil(25% of 10) = 3, unavailable = floor(25% of 10) = 2: never more than 13 pods,
    # never fewer than 8 available.
    And the events for deployment "web" include:
      | type   | reason            | message                                                |
      | Normal | ScalingReplicaSet | Scaled up replica set web-5d65d89588 to 3              |
      | Normal | ScalingReplicaSet | Scaled down replica set web-889bc7d97 to 8 from 10     |
      | Normal | ScalingReplicaSet | Scaled up replica set web-5d65d89588 to 5 from 3       |
      | Normal | ScalingReplicaSet | Scaled down replica set web-889bc7d97 to 5 from 8      |
      | Normal | ScalingReplicaSet | Scaled up replica set web-5d65d89588 to 8 from 5       |
      | Normal | ScalingReplicaSet | Scaled up replica set web-5d65d89588 to 10 from 8      |
    And deployment "web" matches:
      """
      metadata:
        annotations:
          deployment.kubernetes.io/revision: "2"
      status: {replicas: 10, updatedReplicas: 10, availableReplicas: 10}
      """
    # The old ReplicaSet stays, scaled to 0, as revision 1 of the history.
    And replicaset "web-889bc7d97" matches:
      """
      metadata:
        annotations:
          deployment.kubernetes.io/revision: "1"
      spec:
        replicas: 0
      """
    And replicaset "web-5d65d89588" has 10 ready replicas

  Scenario: A rollout whose new pods never get ready stops where fact 43 says and times out after 600s
    Given a Deployment "web" with 10 replicas
    When I patch deployment "web" with:
      """
      spec:
        template:
          metadata:
            annotations:
              sim.kubespec.io/ready: "false"
      """
    # allPods 13 - minAvailable 8 - newRSUnavailable 5 = 0: the old set is not scaled down further.
    Then for 5 minutes replicaset "web-889bc7d97" has 8 ready replicas
    And deployment "web" has 8 ready replicas
    And the events for deployment "web" include:
      | message                                             |
      | Scaled up replica set web-858566dc79 to 3           |
      | Scaled down replica set web-889bc7d97 to 8 from 10  |
      | Scaled up replica set web-858566dc79 to 5 from 3    |
    And deployment "web" matches:
      """
      status:
        replicas: 13
        updatedReplicas: 5
        availableReplicas: 8
        unavailableReplicas: 5
        conditions:
        - {type: Available, status: "True", reason: MinimumReplicasAvailable}
        - {type: Progressing, status: "True", reason: ReplicaSetUpdated, message: ReplicaSet "web-858566dc79" is progressing.}
      """
    Then within 6 minutes deployment "web" matches:
      """
      status:
        conditions:
        - type: Progressing
          status: "False"
          reason: ProgressDeadlineExceeded
          message: ReplicaSet "web-858566dc79" has timed out progressing.
      """

  Scenario: Scaling in the middle of a rollout spreads the new replicas over both ReplicaSets in proportion
    Given a Deployment "web" with 10 replicas
    When I patch deployment "web" with:
      """
      spec:
        template:
          metadata:
            annotations:
              sim.kubespec.io/ready: "false"
      """
    And 1 minute passes
    And I scale deployment "web" to 20
    # 20 + 5 surge - 13 = 12 to add: 8 * 25 / 13 rounds to 15 (+7), 5 * 25 / 13 rounds to 10 (+5).
    Then the events for deployment "web" include:
      | message                                            |
      | Scaled up replica set web-889bc7d97 to 15 from 8   |
      | Scaled up replica set web-858566dc79 to 10 from 5  |
    And eventually deployment "web" has 15 ready replicas

  Scenario: Undoing a broken rollout brings the old ReplicaSet back as revision 3 (fact 46)
    Given a Deployment "web" with 10 replicas
    When I patch deployment "web" with:
      """
      spec:
        template:
          metadata:
            annotations:
              sim.kubespec.io/ready: "false"
      """
    And 1 minute passes
    And I undo the rollout of deployment "web"
    Then eventually the rollout of deployment "web" is complete
    And there is an event "ScalingReplicaSet" for deployment "web" with message "Scaled down replica set web-858566dc79 to 0 from 5"
    And replicaset "web-889bc7d97" matches:
      """
      metadata:
        annotations:
          deployment.kubernetes.io/revision: "3"
          deployment.kubernetes.io/revision-history: "1"
      spec:
        replicas: 10
      """
    And replicaset "web-858566dc79" matches:
      """
      metadata:
        annotations:
          deployment.kubernetes.io/revision: "2"
      spec:
        replicas: 0
      """
    And deployment "web" matches:
      """
      metadata:
        annotations:
          deployment.kubernetes.io/revision: "3"
      """
    # Revision 2 is the broken template: it comes back as revision 4, and stalls again.
    When I undo the rollout of deployment "web" to revision 2
    Then eventually replicaset "web-858566dc79" matches:
      """
      metadata:
        annotations:
          deployment.kubernetes.io/revision: "4"
          deployment.kubernetes.io/revision-history: "2"
      spec:
        replicas: 5
      """
    And for 2 minutes deployment "web" has 8 ready replicas

  Scenario: Recreate scales the old ReplicaSet to 0 and starts new pods only once the old ones are gone (fact 41)
    Given the manifest:
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        replicas: 3
        strategy:
          type: Recreate
        selector:
          matchLabels: {app: web}
        template:
          metadata:
            labels: {app: web}
            annotations:
              sim.kubespec.io/ignore-sigterm: "true"
          spec:
            terminationGracePeriodSeconds: 30
            containers:
            - name: app
              image: nginx:1.25
      """
    When I set the image of deployment "web" to "nginx:1.26"
    # The old pods ignore SIGTERM, so they stop only when their 30s grace period ends.
    Then for 29 seconds deployment "web" has 0 running pods
    And within 1 minute deployment "web" has 3 running pods
    And the rollout of deployment "web" is complete
    And the events for deployment "web" include:
      | message                                            |
      | Scaled down replica set web-dbffc6444 to 0 from 3  |
      | Scaled up replica set web-7fb9bd6f9f to 3          |

  Scenario: A paused Deployment scales but does not roll out until it is resumed
    Given a Deployment "web" with 4 replicas
    When I pause the rollout of deployment "web"
    And I set the image of deployment "web" to "nginx:1.26"
    And I scale deployment "web" to 5
    Then for 2 minutes replicaset "web-5d65d89588" does not exist
    And replicaset "web-889bc7d97" has 5 ready replicas
    And there is an event "ScalingReplicaSet" for deployment "web" with message "Scaled up replica set web-889bc7d97 to 5 from 4"
    And deployment "web" matches:
      """
      status:
        conditions:
        - {type: Progressing, status: Unknown, reason: DeploymentPaused, message: Deployment is paused}
      """
    When I resume the rollout of deployment "web"
    Then eventually the rollout of deployment "web" is complete
    And replicaset "web-5d65d89588" has 5 ready replicas

  Scenario: revisionHistoryLimit keeps only the newest old ReplicaSets; a restart is a new revision
    Given the manifest:
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        replicas: 2
        revisionHistoryLimit: 1
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
    When I set the image of deployment "web" to "nginx:1.26"
    Then eventually the rollout of deployment "web" is complete
    When I restart the rollout of deployment "web"
    Then eventually the rollout of deployment "web" is complete
    And deployment "web" matches:
      """
      metadata:
        annotations:
          deployment.kubernetes.io/revision: "3"
      """
    And the events for deployment "web" include:
      | message                                          |
      | Scaled up replica set web-66c7d767c5 to 1        |
      | Scaled down replica set web-7b944b4c8f to 0 from 1 |
    # Revision 1 is gone; revision 2 is kept, scaled to 0, as the one allowed old ReplicaSet.
    And eventually replicaset "web-d95dcf7f8" does not exist
    And replicaset "web-7b944b4c8f" matches:
      """
      spec:
        replicas: 0
      """
