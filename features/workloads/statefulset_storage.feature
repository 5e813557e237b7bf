Feature: StatefulSet claims: stable storage across scale-down and scale-up
  Each StatefulSet pod gets its claims from volumeClaimTemplates, named <template>-<set>-<ordinal>
  (fact 27). The claims outlive the pods under the default retention policy, so a pod that comes
  back binds its old volume and lands where that volume is (facts 27, 36, 164).

  Background:
    Given a cluster with 3 nodes

  Scenario: claims survive scale-down and their pods return to the same volumes on scale-up
    Given the manifest:
      """
      apiVersion: storage.k8s.io/v1
      kind: StorageClass
      metadata:
        name: local
      provisioner: kubernetes.io/no-provisioner
      volumeBindingMode: Immediate
      ---
      apiVersion: v1
      kind: PersistentVolume
      metadata:
        name: pv-a
      spec:
        storageClassName: local
        capacity: {storage: 1Gi}
        accessModes: [ReadWriteOnce]
        local: {path: /mnt/disks/a}
        nodeAffinity:
          required:
            nodeSelectorTerms:
            - matchExpressions:
              - {key: kubernetes.io/hostname, operator: In, values: [node-3]}
      ---
      apiVersion: v1
      kind: PersistentVolume
      metadata:
        name: pv-b
      spec:
        storageClassName: local
        capacity: {storage: 1Gi}
        accessModes: [ReadWriteOnce]
        local: {path: /mnt/disks/b}
        nodeAffinity:
          required:
            nodeSelectorTerms:
            - matchExpressions:
              - {key: kubernetes.io/hostname, operator: In, values: [node-1]}
      ---
      apiVersion: v1
      kind: PersistentVolume
      metadata:
        name: pv-c
      spec:
        storageClassName: local
        capacity: {storage: 1Gi}
        accessModes: [ReadWriteOnce]
        local: {path: /mnt/disks/c}
        nodeAffinity:
          required:
            nodeSelectorTerms:
            - matchExpressions:
              - {key: kubernetes.io/hostname, operator: In, values: [node-2]}
      ---
      apiVersion: apps/v1
      kind: StatefulSet
      metadata:
        name: db
      spec:
        serviceName: db
        replicas: 3
        selector:
          matchLabels: {app: db}
        template:
          metadata:
            labels: {app: db}
          spec:
            containers:
            - name: app
              image: nginx:1.25
              volumeMounts:
              - {name: data, mountPath: /var/lib/db}
        volumeClaimTemplates:
        - metadata:
            name: data
          spec:
            storageClassName: local
            accessModes: [ReadWriteOnce]
            resources:
              requests: {storage: 1Gi}
      """
    Then statefulset "db" has 3 ready replicas
    And persistentvolumeclaim "data-db-1" matches:
      """
      spec:
        volumeName: pv-b
      status:
        phase: Bound
      """
    And pod "db-0" is running on node "node-3"
    And pod "db-1" is running on node "node-1"
    And pod "db-2" is running on node "node-2"
    When I scale statefulset "db" to 1
    Then eventually pod "db-1" does not exist
    And persistentvolumeclaim "data-db-1" matches:
      """
      spec:
        volumeName: pv-b
      status:
        phase: Bound
      """
    And persistentvolumeclaim "data-db-2" matches:
      """
      spec:
        volumeName: pv-c
      status:
        phase: Bound
      """
    When I scale statefulset "db" to 3
    Then eventually statefulset "db" has 3 ready replicas
    And pod "db-1" is running on node "node-1"
    And pod "db-2" is running on node "node-2"
    And the pods of statefulset "db" were created in the order "db-0, db-1, db-2, db-1, db-2"

  Scenario: whenScaled Delete removes the claims of removed ordinals, and their provisioned volumes with them (fact 36)
    Given the manifest:
      """
      apiVersion: apps/v1
      kind: StatefulSet
      metadata:
        name: db
      spec:
        serviceName: db
        replicas: 3
        persistentVolumeClaimRetentionPolicy:
          whenScaled: Delete
        selector:
          matchLabels: {app: db}
        template:
          metadata:
            labels: {app: db}
          spec:
            containers:
            - name: app
              image: nginx:1.25
              volumeMounts:
              - {name: data, mountPath: /var/lib/db}
        volumeClaimTemplates:
        - metadata:
            name: data
          spec:
            accessModes: [ReadWriteOnce]
            resources:
              requests: {storage: 1Gi}
      """
    Then statefulset "db" has 3 ready replicas
    And there are 3 persistentvolumes
    And the volume of claim "data-db-2" matches:
      """
      spec:
        persistentVolumeReclaimPolicy: Delete
        claimRef: {name: data-db-2}
      """
    When I scale statefulset "db" to 1
    Then eventually persistentvolumeclaim "data-db-2" does not exist
    And eventually persistentvolumeclaim "data-db-1" does not exist
    And eventually there is 1 persistentvolume
    And persistentvolumeclaim "data-db-0" matches:
      """
      status:
        phase: Bound
      """
