Feature: Generic ephemeral volumes
  The ephemeral volume controller creates a claim `<pod>-<volume>` from the volume's template, owned
  by the pod; the claim is provisioned like any other and goes when the pod goes.

  Background:
    Given a cluster with 2 nodes

  Scenario: a pod's ephemeral volume gets its own claim and volume, deleted with the pod
    Given the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: web
      spec:
        containers:
        - name: app
          image: nginx:1.25
          volumeMounts:
          - {name: scratch, mountPath: /scratch}
        volumes:
        - name: scratch
          ephemeral:
            volumeClaimTemplate:
              metadata:
                labels: {type: scratch}
              spec:
                accessModes: [ReadWriteOnce]
                resources:
                  requests: {storage: 1Gi}
      """
    Then pod "web" is Running
    And persistentvolumeclaim "web-scratch" matches:
      """
      metadata:
        labels: {type: scratch}
        ownerReferences:
        - {apiVersion: v1, kind: Pod, name: web, controller: true, blockOwnerDeletion: true}
      spec:
        storageClassName: standard
      status:
        phase: Bound
      """
    And there is 1 persistentvolume
    When I delete pod "web"
    Then eventually persistentvolumeclaim "web-scratch" does not exist
    And eventually there are 0 persistentvolumes

  Scenario: a claim of the same name that the pod does not own blocks the pod
    Given the manifest:
      """
      apiVersion: v1
      kind: PersistentVolumeClaim
      metadata:
        name: web-scratch
      spec:
        accessModes: [ReadWriteOnce]
        resources:
          requests: {storage: 1Gi}
      """
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: web
      spec:
        containers:
        - name: app
          image: nginx:1.25
        volumes:
        - name: scratch
          ephemeral:
            volumeClaimTemplate:
              spec:
                accessModes: [ReadWriteOnce]
                resources:
                  requests: {storage: 1Gi}
      """
    And the cluster settles
    Then there is an event "FailedBinding" for pod "web" with message "ephemeral volume scratch: PVC default/web-scratch was not created for pod default/web (pod is not owner)"
    And pod "web" is unschedulable with message "0/2 nodes are available: PVC default/web-scratch was not created for pod default/web (pod is not owner). preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling."
    When I delete pvc "web-scratch"
    Then eventually pod "web" is Running
    And persistentvolumeclaim "web-scratch" matches:
      """
      metadata:
        ownerReferences:
        - {kind: Pod, name: web, controller: true}
      status:
        phase: Bound
      """
