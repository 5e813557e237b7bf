Feature: Reclaiming released volumes and storage object protection
  When its claim goes, a volume is Released and its reclaim policy decides what happens (fact 168);
  the protection finalizers keep claims and volumes while they are in use (fact 169).

  Background:
    Given a cluster with 2 nodes

  Scenario: Retain keeps a released volume and its claimRef, so it cannot bind again
    Given the manifest:
      """
      apiVersion: v1
      kind: PersistentVolume
      metadata:
        name: keep
      spec:
        storageClassName: manual
        persistentVolumeReclaimPolicy: Retain
        capacity: {storage: 1Gi}
        accessModes: [ReadWriteOnce]
        hostPath: {path: /data/keep}
      ---
      apiVersion: v1
      kind: PersistentVolumeClaim
      metadata:
        name: first
      spec:
        storageClassName: manual
        accessModes: [ReadWriteOnce]
        resources:
          requests: {storage: 1Gi}
      """
    Then eventually persistentvolume "keep" matches:
      """
      status:
        phase: Bound
      """
    When I delete pvc "first"
    And the cluster settles
    Then persistentvolume "keep" matches:
      """
      spec:
        claimRef: {name: first}
      status:
        phase: Released
      """
    When I apply the manifest:
      """
      apiVersion: v1
      kind: PersistentVolumeClaim
      metadata:
        name: second
      spec:
        storageClassName: manual
        accessModes: [ReadWriteOnce]
        resources:
          requests: {storage: 1Gi}
      """
    Then for 1 minute persistentvolumeclaim "second" matches:
      """
      status:
        phase: Pending
      """
    And persistentvolume "keep" matches:
      """
      status:
        phase: Released
      """

  Scenario: Delete removes a dynamically provisioned volume once its claim is gone
    Given the manifest:
      """
      apiVersion: v1
      kind: PersistentVolumeClaim
      metadata:
        name: data
      spec:
        accessModes: [ReadWriteOnce]
        resources:
          requests: {storage: 1Gi}
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: web
      spec:
        containers:
        - name: app
          image: nginx:1.25
        volumes:
        - name: data
          persistentVolumeClaim:
            claimName: data
      """
    Then there is 1 persistentvolume
    When I delete pod "web"
    And I delete pvc "data"
    Then eventually there are 0 persistentvolumes
    And persistentvolumeclaim "data" does not exist

  Scenario: Delete on a static hostPath volume outside /tmp fails (the in-tree deleter's limit)
    Given the manifest:
      """
      apiVersion: v1
      kind: PersistentVolume
      metadata:
        name: disk
      spec:
        storageClassName: manual
        persistentVolumeReclaimPolicy: Delete
        capacity: {storage: 1Gi}
        accessModes: [ReadWriteOnce]
        hostPath: {path: /data/disk}
      ---
      apiVersion: v1
      kind: PersistentVolume
      metadata:
        name: scratch
      spec:
        storageClassName: scratch
        persistentVolumeReclaimPolicy: Delete
        capacity: {storage: 1Gi}
        accessModes: [ReadWriteOnce]
        hostPath: {path: /tmp/scratch}
      ---
      apiVersion: v1
      kind: PersistentVolumeClaim
      metadata:
        name: data
      spec:
        storageClassName: manual
        accessModes: [ReadWriteOnce]
        resources:
          requests: {storage: 1Gi}
      ---
      apiVersion: v1
      kind: PersistentVolumeClaim
      metadata:
        name: tmp
      spec:
        storageClassName: scratch
        accessModes: [ReadWriteOnce]
        resources:
          requests: {storage: 1Gi}
      """
    Then eventually persistentvolumeclaim "data" matches:
      """
      status:
        phase: Bound
      """
    And eventually persistentvolumeclaim "tmp" matches:
      """
      status:
        phase: Bound
      """
    When I delete pvc "data"
    And I delete pvc "tmp"
    And the cluster settles
    Then persistentvolume "disk" matches:
      """
      status:
        phase: Failed
        message: host_path deleter only supports /tmp/.+ but received provided /data/disk
      """
    And there is an event "VolumeFailedDelete" for pv "disk" with message "host_path deleter only supports /tmp/.+ but received provided /data/disk"
    And persistentvolume "scratch" does not exist

  Scenario: Recycle scrubs a released volume and makes it Available again
    Given the manifest:
      """
      apiVersion: v1
      kind: PersistentVolume
      metadata:
        name: shared
      spec:
        storageClassName: manual
        persistentVolumeReclaimPolicy: Recycle
        capacity: {storage: 1Gi}
        accessModes: [ReadWriteMany]
        nfs: {server: nfs.example.com, path: /exports/shared}
      ---
      apiVersion: v1
      kind: PersistentVolumeClaim
      metadata:
        name: data
      spec:
        storageClassName: manual
        accessModes: [ReadWriteMany]
        resources:
          requests: {storage: 1Gi}
      """
    Then eventually persistentvolume "shared" matches:
      """
      status:
        phase: Bound
      """
    When I delete pvc "data"
    And the cluster settles
    Then there is an event "VolumeRecycled" for pv "shared" with message "Volume recycled"
    And persistentvolume "shared" matches:
      """
      status:
        phase: Available
      """
    And persistentvolume "shared" does not match:
      """
      spec:
        claimRef: {name: data}
      """

  Scenario: A claim in use by a pod stays until the pod is gone (pvc-protection)
    Given the manifest:
      """
      apiVersion: v1
      kind: PersistentVolumeClaim
      metadata:
        name: data
      spec:
        accessModes: [ReadWriteOnce]
        resources:
          requests: {storage: 1Gi}
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: web
      spec:
        containers:
        - name: app
          image: nginx:1.25
        volumes:
        - name: data
          persistentVolumeClaim:
            claimName: data
      """
    When I delete pvc "data"
    Then for 5 minutes persistentvolumeclaim "data" matches:
      """
      metadata:
        finalizers: [kubernetes.io/pvc-protection]
      status:
        phase: Bound
      """
    And there are 0 persistentvolumeclaims
    When I delete pod "web"
    Then eventually persistentvolumeclaim "data" does not exist
    And eventually there are 0 persistentvolumes

  Scenario: A bound volume stays until it is released (pv-protection)
    Given the manifest:
      """
      apiVersion: v1
      kind: PersistentVolume
      metadata:
        name: keep
      spec:
        storageClassName: manual
        capacity: {storage: 1Gi}
        accessModes: [ReadWriteOnce]
        hostPath: {path: /data/keep}
      ---
      apiVersion: v1
      kind: PersistentVolumeClaim
      metadata:
        name: data
      spec:
        storageClassName: manual
        accessModes: [ReadWriteOnce]
        resources:
          requests: {storage: 1Gi}
      """
    Then eventually persistentvolume "keep" matches:
      """
      status:
        phase: Bound
      """
    When I delete pv "keep"
    Then for 1 minute persistentvolume "keep" matches:
      """
      metadata:
        finalizers: [kubernetes.io/pv-protection]
      status:
        phase: Bound
      """
    When I delete pvc "data"
    Then eventually persistentvolume "keep" does not exist
