Feature: PersistentVolume binding
  The PV controller binds each claim to the smallest matching volume, waits for the first
  consumer when the class says so, and reports why a claim stays Pending (facts 162–166).

  Background:
    Given a cluster with 2 nodes

  Scenario: A claim binds to the smallest volume that fits (fact 164)
    Given the manifest:
      """
      apiVersion: v1
      kind: PersistentVolume
      metadata:
        name: pv-1gi
      spec:
        storageClassName: manual
        capacity: {storage: 1Gi}
        accessModes: [ReadWriteOnce]
        hostPath: {path: /tmp/pv-1gi}
      ---
      apiVersion: v1
      kind: PersistentVolume
      metadata:
        name: pv-10gi
      spec:
        storageClassName: manual
        capacity: {storage: 10Gi}
        accessModes: [ReadWriteOnce]
        hostPath: {path: /tmp/pv-10gi}
      ---
      apiVersion: v1
      kind: PersistentVolume
      metadata:
        name: pv-5gi
      spec:
        storageClassName: manual
        capacity: {storage: 5Gi}
        accessModes: [ReadWriteOnce]
        hostPath: {path: /tmp/pv-5gi}
      """
    Then eventually persistentvolume "pv-5gi" matches:
      """
      spec:
        persistentVolumeReclaimPolicy: Retain
        volumeMode: Filesystem
      status:
        phase: Available
      """
    When I apply the manifest:
      """
      apiVersion: v1
      kind: PersistentVolumeClaim
      metadata:
        name: data
      spec:
        storageClassName: manual
        accessModes: [ReadWriteOnce]
        resources:
          requests: {storage: 3Gi}
      """
    Then eventually persistentvolumeclaim "data" matches:
      """
      metadata:
        annotations:
          pv.kubernetes.io/bind-completed: "yes"
          pv.kubernetes.io/bound-by-controller: "yes"
        finalizers: [kubernetes.io/pvc-protection]
      spec:
        volumeName: pv-5gi
      status:
        phase: Bound
        accessModes: [ReadWriteOnce]
        capacity: {storage: 5Gi}
      """
    And persistentvolume "pv-5gi" matches:
      """
      metadata:
        annotations:
          pv.kubernetes.io/bound-by-controller: "yes"
        finalizers: [kubernetes.io/pv-protection]
      spec:
        claimRef: {kind: PersistentVolumeClaim, namespace: default, name: data}
      status:
        phase: Bound
      """
    And persistentvolume "pv-1gi" matches:
      """
      status:
        phase: Available
      """
    And persistentvolume "pv-10gi" matches:
      """
      status:
        phase: Available
      """

  Scenario: A volume offering fewer access modes wins over a smaller one offering more (index.go findByClaim)
    Given the manifest:
      """
      apiVersion: v1
      kind: PersistentVolume
      metadata:
        name: rwo-rwx-2gi
      spec:
        storageClassName: manual
        capacity: {storage: 2Gi}
        accessModes: [ReadWriteOnce, ReadWriteMany]
        nfs: {server: nfs.example.com, path: /exports/a}
      ---
      apiVersion: v1
      kind: PersistentVolume
      metadata:
        name: rwo-8gi
      spec:
        storageClassName: manual
        capacity: {storage: 8Gi}
        accessModes: [ReadWriteOnce]
        hostPath: {path: /tmp/rwo-8gi}
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
    Then eventually persistentvolumeclaim "data" matches:
      """
      spec:
        volumeName: rwo-8gi
      status:
        phase: Bound
      """

  Scenario: A claim for a class that does not exist waits, then binds to a volume created later at the next resync
    When I apply the manifest:
      """
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
    And the cluster settles
    Then persistentvolumeclaim "data" matches:
      """
      status:
        phase: Pending
      """
    And there is an event "ProvisioningFailed" for pvc "data" with message "storageclass.storage.k8s.io \"manual\" not found"
    When I apply the manifest:
      """
      apiVersion: v1
      kind: PersistentVolume
      metadata:
        name: late
      spec:
        storageClassName: manual
        capacity: {storage: 1Gi}
        accessModes: [ReadWriteOnce]
        hostPath: {path: /tmp/late}
      """
    And the cluster settles
    Then persistentvolumeclaim "data" matches:
      """
      status:
        phase: Pending
      """
    And within 15 seconds persistentvolumeclaim "data" matches:
      """
      spec:
        volumeName: late
      status:
        phase: Bound
      """

  Scenario: A claim without a class and without a matching volume (fact 165)
    When I apply the manifest:
      """
      apiVersion: v1
      kind: PersistentVolumeClaim
      metadata:
        name: data
      spec:
        storageClassName: ""
        accessModes: [ReadWriteOnce]
        resources:
          requests: {storage: 1Gi}
      """
    And the cluster settles
    Then there is an event "FailedBinding" for pvc "data" with message "no persistent volumes available for this claim and no storage class is set"
    And for 1 minute persistentvolumeclaim "data" matches:
      """
      status:
        phase: Pending
      """

  Scenario: A claim that names its volume binds to it, or says why it cannot
    Given the manifest:
      """
      apiVersion: v1
      kind: PersistentVolume
      metadata:
        name: small
      spec:
        storageClassName: ""
        capacity: {storage: 1Gi}
        accessModes: [ReadWriteOnce]
        hostPath: {path: /tmp/small}
      ---
      apiVersion: v1
      kind: PersistentVolumeClaim
      metadata:
        name: too-big
      spec:
        storageClassName: ""
        volumeName: small
        accessModes: [ReadWriteOnce]
        resources:
          requests: {storage: 2Gi}
      ---
      apiVersion: v1
      kind: PersistentVolumeClaim
      metadata:
        name: fits
      spec:
        storageClassName: ""
        volumeName: small
        accessModes: [ReadWriteOnce]
        resources:
          requests: {storage: 1Gi}
      """
    Then eventually persistentvolumeclaim "fits" matches:
      """
      status:
        phase: Bound
      """
    And persistentvolume "small" matches:
      """
      spec:
        claimRef: {name: fits}
      """
    And persistentvolumeclaim "too-big" matches:
      """
      status:
        phase: Pending
      """
    And there is an event "VolumeMismatch" for pvc "too-big" with message "Cannot bind to requested volume \"small\": requested PV is too small"
