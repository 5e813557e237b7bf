Feature: The scheduler's volume plugins with real volumes
  VolumeBinding places a pod where its claims can be bound or provisioned, VolumeZone keeps it in
  the zone of its bound volume, and VolumeRestrictions keeps a ReadWriteOncePod claim to one pod
  (facts 55, 166).

  Scenario: a WaitForFirstConsumer claim binds to the local volume on the node the pod can use
    Given a cluster with 3 nodes
    And the manifest:
      """
      apiVersion: storage.k8s.io/v1
      kind: StorageClass
      metadata:
        name: local
      provisioner: kubernetes.io/no-provisioner
      volumeBindingMode: WaitForFirstConsumer
      ---
      apiVersion: v1
      kind: PersistentVolume
      metadata:
        name: disk-on-2
      spec:
        storageClassName: local
        capacity: {storage: 10Gi}
        accessModes: [ReadWriteOnce]
        local: {path: /mnt/disks/ssd1}
        nodeAffinity:
          required:
            nodeSelectorTerms:
            - matchExpressions:
              - {key: kubernetes.io/hostname, operator: In, values: [node-2]}
      ---
      apiVersion: v1
      kind: PersistentVolumeClaim
      metadata:
        name: data
      spec:
        storageClassName: local
        accessModes: [ReadWriteOnce]
        resources:
          requests: {storage: 5Gi}
      """
    Then persistentvolumeclaim "data" matches:
      """
      status:
        phase: Pending
      """
    And persistentvolume "disk-on-2" matches:
      """
      status:
        phase: Available
      """
    Given the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: db
      spec:
        containers:
        - name: app
          image: nginx:1.25
        volumes:
        - name: data
          persistentVolumeClaim:
            claimName: data
      """
    Then pod "db" is running on node "node-2"
    And persistentvolumeclaim "data" matches:
      """
      spec:
        volumeName: disk-on-2
      status:
        phase: Bound
        capacity: {storage: 10Gi}
      """
    And persistentvolume "disk-on-2" matches:
      """
      metadata:
        annotations:
          pv.kubernetes.io/bound-by-controller: "yes"
      spec:
        claimRef: {name: data}
      status:
        phase: Bound
      """

  Scenario: a bound local volume keeps its pod on its node; no node fits when that node is excluded
    Given a cluster with 3 nodes
    And the manifest:
      """
      apiVersion: v1
      kind: PersistentVolume
      metadata:
        name: disk-on-1
      spec:
        storageClassName: manual
        capacity: {storage: 1Gi}
        accessModes: [ReadWriteOnce]
        local: {path: /mnt/disks/ssd1}
        nodeAffinity:
          required:
            nodeSelectorTerms:
            - matchExpressions:
              - {key: kubernetes.io/hostname, operator: In, values: [node-1]}
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
      status:
        phase: Bound
      """
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: elsewhere
      spec:
        affinity:
          nodeAffinity:
            requiredDuringSchedulingIgnoredDuringExecution:
              nodeSelectorTerms:
              - matchExpressions:
                - {key: kubernetes.io/hostname, operator: NotIn, values: [node-1]}
        containers:
        - name: app
          image: nginx:1.25
        volumes:
        - name: data
          persistentVolumeClaim:
            claimName: data
      """
    And the cluster settles
    # VolumeBinding's PreFilter narrows the candidates to the nodes of the bound local volume, so
    # the other nodes are never filtered: v1.32 reports them as not satisfying that plugin.
    Then pod "elsewhere" is unschedulable with message "0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 2 node(s) didn't satisfy plugin(s) [VolumeBinding]. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling."

  Scenario: a pod whose claim does not exist is unschedulable
    Given a cluster with 2 nodes
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
        - name: data
          persistentVolumeClaim:
            claimName: missing
      """
    And the cluster settles
    Then pod "web" is unschedulable with message "0/2 nodes are available: persistentvolumeclaim \"missing\" not found. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling."

  Scenario: VolumeZone keeps a pod in the zone of its bound volume
    Given a cluster with nodes:
      | name   | zone |
      | node-a | z1   |
      | node-b | z2   |
      | node-c | z2   |
    And the manifest:
      """
      apiVersion: v1
      kind: PersistentVolume
      metadata:
        name: zonal
        labels:
          topology.kubernetes.io/zone: z1
      spec:
        storageClassName: manual
        capacity: {storage: 1Gi}
        accessModes: [ReadWriteOnce]
        csi: {driver: pd.csi.storage.gke.io, volumeHandle: zonal}
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
      status:
        phase: Bound
      """
    Given the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: db
      spec:
        containers:
        - name: app
          image: nginx:1.25
        volumes:
        - name: data
          persistentVolumeClaim:
            claimName: data
      """
    Then pod "db" is running on node "node-a"
    When I cordon node "node-a"
    And I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: db-2
      spec:
        containers:
        - name: app
          image: nginx:1.25
        volumes:
        - name: data
          persistentVolumeClaim:
            claimName: data
      """
    And the cluster settles
    Then pod "db-2" is unschedulable with message "0/3 nodes are available: 1 node(s) were unschedulable, 2 node(s) had no available volume zone. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling."

  Scenario: VolumeRestrictions keeps a ReadWriteOncePod claim to a single pod
    Given a cluster with 2 nodes
    And the manifest:
      """
      apiVersion: v1
      kind: PersistentVolumeClaim
      metadata:
        name: exclusive
      spec:
        accessModes: [ReadWriteOncePod]
        resources:
          requests: {storage: 1Gi}
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: first
      spec:
        containers:
        - name: app
          image: nginx:1.25
        volumes:
        - name: data
          persistentVolumeClaim:
            claimName: exclusive
      """
    Then pod "first" is Running
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: second
      spec:
        containers:
        - name: app
          image: nginx:1.25
        volumes:
        - name: data
          persistentVolumeClaim:
            claimName: exclusive
      """
    And the cluster settles
    # The provisioned volume is pinned to the first pod's node, so only that node is filtered.
    Then pod "second" is unschedulable with message "0/2 nodes are available: 1 node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode, 1 node(s) didn't satisfy plugin(s) [VolumeBinding]. preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling."
    When I delete pod "first"
    Then eventually pod "second" is Running
