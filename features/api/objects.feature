Feature: Objects through the API server
  The API server creates, reads, updates, patches and deletes objects of the built-in kinds,
  defaults them as Kubernetes does, and keeps them under the keys Kubernetes uses in etcd.

  Scenario: a ConfigMap is created with server-set metadata and stored under its etcd key
    When I apply the manifest:
      """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: settings
      data:
        mode: fast
      """
    Then configmap "settings" matches:
      """
      metadata:
        name: settings
        namespace: default
        uid: "*-*-4*-*-*"
        creationTimestamp: "2025-01-01T00:00:00Z"
        resourceVersion: "*"
      data:
        mode: fast
      """
    And the key "/registry/configmaps/default/settings" exists in the store

  Scenario: applying a changed manifest updates the object and removes what the manifest dropped
    Given the manifest:
      """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: settings
        labels:
          tier: backend
      data:
        mode: fast
        retries: "3"
      """
    When I apply the manifest:
      """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: settings
      data:
        mode: safe
      """
    Then configmap "settings" matches:
      """
      metadata:
        labels: null
      data:
        mode: safe
        retries: null
      """

  Scenario: creating objects after time has passed stamps them with the virtual time
    When 90 seconds pass
    And I apply the manifest:
      """
      apiVersion: v1
      kind: Secret
      metadata:
        name: token
      stringData:
        password: hunter2
      """
    Then secret "token" matches:
      """
      metadata:
        creationTimestamp: "2025-01-01T00:01:30Z"
      type: Opaque
      """

  Scenario: the API server applies the upstream defaults of a Deployment
    When I apply the manifest:
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
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
    Then deployment "web" matches:
      """
      metadata:
        generation: 1
      spec:
        replicas: 1
        revisionHistoryLimit: 10
        progressDeadlineSeconds: 600
        strategy:
          type: RollingUpdate
          rollingUpdate: {maxUnavailable: 25%, maxSurge: 25%}
        template:
          spec:
            restartPolicy: Always
            terminationGracePeriodSeconds: 30
            dnsPolicy: ClusterFirst
            schedulerName: default-scheduler
            containers:
              - name: app
                imagePullPolicy: IfNotPresent
                terminationMessagePath: /dev/termination-log
                terminationMessagePolicy: File
      """
    And the key "/registry/deployments/default/web" exists in the store

  Scenario: patching, scaling and setting the image change the spec and bump the generation
    When I apply the manifest "manifests/web-deployment.yaml"
    When I patch deployment "web" with:
      """
      spec:
        template:
          spec:
            containers:
              - name: app
                env:
                  - name: MODE
                    value: fast
      """
    And I scale deployment "web" to 5
    And I set the image of deployment "web" to "nginx:1.26"
    Then deployment "web" matches:
      """
      metadata:
        generation: 4
      spec:
        replicas: 5
        template:
          spec:
            containers:
              - name: app
                image: nginx:1.26
                env:
                  - {name: MODE, value: fast}
      """

  Scenario: deleting an object removes it and its key
    Given the manifest:
      """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: settings
      """
    When I delete configmap "settings"
    Then configmap "settings" does not exist
    And the key "/registry/configmaps/default/settings" does not exist in the store

  Scenario: generateName gives each object a random five-character suffix
    When I create the manifest:
      """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        generateName: job-
        labels: {app: gen}
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata:
        generateName: job-
        labels: {app: gen}
      """
    Then the names of the configmaps labelled "app=gen" match "job-*, job-*"

  Scenario: objects live in namespaces, cluster-scoped ones do not
    Given the manifest:
      """
      apiVersion: v1
      kind: Namespace
      metadata:
        name: team-a
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: settings
        namespace: team-a
      ---
      apiVersion: scheduling.k8s.io/v1
      kind: PriorityClass
      metadata:
        name: high
      value: 1000
      """
    Then namespace "team-a" matches:
      """
      metadata:
        labels:
          kubernetes.io/metadata.name: team-a
      status:
        phase: Active
      """
    And configmap "team-a/settings" exists
    And configmap "settings" does not exist
    And the key "/registry/configmaps/team-a/settings" exists in the store
    And the key "/registry/priorityclasses/high" exists in the store

  Scenario: re-applying a Deployment removes the env var its manifest dropped and keeps a label added by a patch
    When I apply the manifest:
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
        labels: {app: web}
      spec:
        selector:
          matchLabels: {app: web}
        template:
          metadata:
            labels: {app: web}
          spec:
            containers:
              - name: app
                image: nginx:1.25
                env:
                  - {name: MODE, value: fast}
                  - {name: DEBUG, value: "1"}
      """
    And I patch deployment "web" with:
      """
      metadata:
        labels:
          team: ops
      """
    And I apply the manifest:
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
        labels: {app: web}
      spec:
        selector:
          matchLabels: {app: web}
        template:
          metadata:
            labels: {app: web}
          spec:
            containers:
              - name: app
                image: nginx:1.25
                env:
                  - {name: MODE, value: fast}
      """
    Then deployment "web" matches:
      """
      metadata:
        labels:
          app: web
          team: ops
      spec:
        template:
          spec:
            containers:
              - name: app
                env:
                  - {name: MODE, value: fast}
      """
    And deployment "web" does not match:
      """
      spec:
        template:
          spec:
            containers:
              - name: app
                env:
                  - name: DEBUG
      """
