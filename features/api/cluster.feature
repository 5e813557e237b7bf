Feature: A new cluster
  A cluster starts with what a kubeadm/kind cluster has, and its nodes are registered as Node
  objects with the defaults of the step language.

  Scenario: nodes are registered with the default capacity and labels
    Given a cluster with 3 nodes
    Then node "node-2" is Ready
    And node "node-2" matches:
      """
      metadata:
        labels:
          kubernetes.io/hostname: node-2
          kubernetes.io/os: linux
          kubernetes.io/arch: amd64
      status:
        capacity: {cpu: "4", memory: 8Gi, pods: "110"}
        allocatable: {cpu: "4", memory: 8Gi, pods: "110"}
        conditions:
          - type: Ready
            status: "True"
            reason: KubeletReady
            message: kubelet is posting ready status
      """
    And the key "/registry/minions/node-3" exists in the store
    And node "node-4" does not exist

  Scenario: nodes described by a table
    Given a cluster with nodes:
      | name   | cpu | memory | zone | labels   | taints                  | images            | unschedulable |
      | node-a | 8   | 16Gi   | z1   | disk=ssd |                         | nginx:1.25=150Mi  |               |
      | node-b | 2   | 4Gi    | z2   |          | dedicated=db:NoSchedule |                   | true          |
    Then node "node-a" matches:
      """
      metadata:
        labels:
          disk: ssd
          topology.kubernetes.io/zone: z1
      status:
        capacity: {cpu: "8", memory: 16Gi}
        images:
          - names: [nginx:1.25]
            sizeBytes: 157286400
      """
    And node "node-b" has taint "dedicated=db:NoSchedule"
    And node "node-a" does not have taint "dedicated=db:NoSchedule"
    And node "node-b" is SchedulingDisabled

  Scenario: cordoning and a node joining
    Given a cluster with 2 nodes
    When I cordon node "node-1"
    Then node "node-1" is SchedulingDisabled
    When I uncordon node "node-1"
    And a node "node-3" joins the cluster
    Then node "node-3" is Ready
    And node "node-1" matches:
      """
      spec:
        unschedulable: null
      """

  Scenario: the system objects a kubeadm cluster starts with
    Given a cluster with 1 node
    Then namespace "kube-node-lease" exists
    And serviceaccount "kube-system/default" exists
    And service "kubernetes" matches:
      """
      spec:
        clusterIP: 10.96.0.1
        ports:
          - {name: https, port: 443}
      """
    And the key "/registry/services/specs/default/kubernetes" exists in the store
    And the key "/registry/services/specs/kube-system/kube-dns" exists in the store
    And storageclass "standard" matches:
      """
      metadata:
        annotations:
          storageclass.kubernetes.io/is-default-class: "true"
      volumeBindingMode: WaitForFirstConsumer
      """
    And ingressclass "kubespec" exists
