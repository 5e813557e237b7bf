Feature: Dynamic provisioning with the default StorageClass
  The cluster's default class `standard` provisions hostPath volumes through the external
  provisioner `kubespec.io/hostpath` and binds WaitForFirstConsumer (facts 163, 166, 167).

  Background:
    Given a cluster with 2 nodes

  Scenario: A claim waits for its first consumer, then gets a volume on the pod's node
    When I apply the manifest:
      """
      apiVersion: v1
      kind: PersistentVolumeClaim
      metadata:
        name: data
      spec:
        accessModes: [ReadWriteOnce]
        resources:
          requests: {storage: 1Gi}
      """
    And the cluster settles
    Then persistentvolumeclaim "data" matches:
      """
      spec:
        storageClassName: standard
      status:
        phase: Pending
      """
    And the events for pvc "data" include:
      | type   | reason               | message                                                  |
      | Normal | WaitForFirstConsumer | waiting for first consumer to be created before binding |
    And there are 0 persistentvolumes
    Given the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: web
      spec:
        nodeSelector:
          kubernetes.io/hostname: node-2
        containers:
        - name: app
          image: nginx:1.25
          volumeMounts:
          - {name: data, mountPath: /data}
        volumes:
        - name: data
          persistentVolumeClaim:
            claimName: data
      """
    Then pod "web" is running on node "node-2"
    And persistentvolumeclaim "data" matches:
      """
      metadata:
        annotations:
          volume.kubernetes.io/selected-node: node-2
          volume.kubernetes.io/storage-provisioner: kubespec.io/hostpath
          volume.beta.kubernetes.io/storage-provisioner: kubespec.io/hostpath
      spec:
        volumeName: pvc-*
      status:
        phase: Bound
        capacity: {storage: 1Gi}
      """
    And the events for pvc "data" include:
      | type   | reason                | message                                                                                                                                                                                                                 |
      | Normal | ExternalProvisioning  | Waiting for a volume to be created either by the external provisioner 'kubespec.io/hostpath' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered. |
      | Normal | Provisioning          | External provisioner is provisioning volume for claim "default/data"                                                                                                                                                    |
      | Normal | ProvisioningSucceeded | Successfully provisioned volume pvc-*                                                                                                                                                                                   |
    And there is 1 persistentvolume

  Scenario: The provisioned volume takes the claim's request and modes and the class's reclaim policy, on the pod's node
    Given the manifest:
      """
      apiVersion: v1
      kind: PersistentVolumeClaim
      metadata:
        name: data
      spec:
        accessModes: [ReadWriteOnce]
        resources:
          requests: {storage: 2Gi}
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: web
      spec:
        nodeSelector:
          kubernetes.io/hostname: node-1
        containers:
        - name: app
          image: nginx:1.25
        volumes:
        - name: data
          persistentVolumeClaim:
            claimName: data
      """
    Then the volume of claim "data" matches:
      """
      metadata:
        name: pvc-*
        annotations:
          pv.kubernetes.io/provisioned-by: kubespec.io/hostpath
        finalizers: [kubernetes.io/pv-protection]
      spec:
        storageClassName: standard
        capacity: {storage: 2Gi}
        accessModes: [ReadWriteOnce]
        volumeMode: Filesystem
        persistentVolumeReclaimPolicy: Delete
        claimRef: {kind: PersistentVolumeClaim, namespace: default, name: data}
        hostPath:
          path: /var/lib/kubespec/hostpath/pvc-*_default_data
        nodeAffinity:
          required:
            nodeSelectorTerms:
            - matchExpressions:
              - {key: kubernetes.io/hostname, operator: In, values: [node-1]}
      status:
        phase: Bound
      """

  Scenario: A pod placed with nodeName bypasses the scheduler, so its WaitForFirstConsumer claim is never provisioned
    When I apply the manifest:
      """
      apiVersion: v1
      kind: PersistentVolumeClaim
      metadata:
        name: data
      spec:
        accessModes: [ReadWriteOnce]
        resources:
          requests: {storage: 2Gi}
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: web
      spec:
        nodeName: node-1
        containers:
        - name: app
          image: nginx:1.25
        volumes:
        - name: data
          persistentVolumeClaim:
            claimName: data
      """
    And the cluster settles
    Then for 1 minute pod "web" is ContainerCreating
    And persistentvolumeclaim "data" matches:
      """
      status:
        phase: Pending
      """
    And there are 0 persistentvolumes

  Scenario: A pod whose claim is not bound yet waits in ContainerCreating
    Given a pod "blocker"
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
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: web
      spec:
        nodeName: node-1
        containers:
        - name: app
          image: nginx:1.25
        volumes:
        - name: data
          persistentVolumeClaim:
            claimName: data
      """
    And the cluster settles
    Then pod "web" is ContainerCreating
    When I apply the manifest:
      """
      apiVersion: v1
      kind: PersistentVolume
      metadata:
        name: disk
      spec:
        storageClassName: ""
        capacity: {storage: 1Gi}
        accessModes: [ReadWriteOnce]
        hostPath: {path: /tmp/disk}
      """
    Then within 20 seconds pod "web" is Running

  Scenario: An Immediate class with the hostPath provisioner has no node to provision on
    Given the manifest:
      """
      apiVersion: storage.k8s.io/v1
      kind: StorageClass
      metadata:
        name: immediate
      provisioner: kubespec.io/hostpath
      volumeBindingMode: Immediate
      ---
      apiVersion: v1
      kind: PersistentVolumeClaim
      metadata:
        name: data
      spec:
        storageClassName: immediate
        accessModes: [ReadWriteOnce]
        resources:
          requests: {storage: 1Gi}
      """
    When the cluster settles
    Then there is an event "ProvisioningFailed" for pvc "data" with message "failed to provision volume with StorageClass \"immediate\": configuration error, no node was specified"
    And persistentvolumeclaim "data" matches:
      """
      status:
        phase: Pending
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
        - name: data
          persistentVolumeClaim:
            claimName: data
      """
    And the cluster settles
    Then pod "web" is unschedulable with message "0/2 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling."

  Scenario: The hostPath provisioner makes ReadWriteOnce volumes only, as kind's local-path-provisioner
    When I apply the manifest:
      """
      apiVersion: v1
      kind: PersistentVolumeClaim
      metadata:
        name: shared
      spec:
        accessModes: [ReadWriteMany]
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
            claimName: shared
      """
    And the cluster settles
    Then there is an event "ProvisioningFailed" for pvc "shared" with message "failed to provision volume with StorageClass \"standard\": NodePath only supports ReadWriteOnce and ReadWriteOncePod (1.22+) access modes"
    And pod "web" is ContainerCreating
    And there are 0 persistentvolumes

  Scenario: A claim made while no StorageClass is default gets the default class once there is one
    Given the manifest:
      """
      apiVersion: storage.k8s.io/v1
      kind: StorageClass
      metadata:
        name: standard
        annotations:
          storageclass.kubernetes.io/is-default-class: "false"
      provisioner: kubespec.io/hostpath
      volumeBindingMode: WaitForFirstConsumer
      """
    When I apply the manifest:
      """
      apiVersion: v1
      kind: PersistentVolumeClaim
      metadata:
        name: data
      spec:
        accessModes: [ReadWriteOnce]
        resources:
          requests: {storage: 1Gi}
      """
    And the cluster settles
    Then persistentvolumeclaim "data" does not match:
      """
      spec:
        storageClassName: standard
      """
    And there is an event "FailedBinding" for pvc "data" with message "no persistent volumes available for this claim and no storage class is set"
    When I apply the manifest:
      """
      apiVersion: storage.k8s.io/v1
      kind: StorageClass
      metadata:
        name: standard
        annotations:
          storageclass.kubernetes.io/is-default-class: "true"
      provisioner: kubespec.io/hostpath
      volumeBindingMode: WaitForFirstConsumer
      """
    Then within 15 seconds persistentvolumeclaim "data" matches:
      """
      spec:
        storageClassName: standard
      """
