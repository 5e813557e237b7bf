Feature: Deleting a namespace deletes everything in it
  A DELETE of a namespace only marks it Terminating. Five seconds later the namespace controller
  deletes every object in it, reports what is left in the namespace's status conditions, and once
  nothing is left gives up its `kubernetes` finalizer, which removes the namespace. Nothing new can
  be created in a Terminating namespace (SEMANTICS facts 153–155).

  Background:
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
      apiVersion: v1
      kind: Secret
      metadata:
        name: token
        namespace: team-a
      stringData:
        password: hunter2
      """

  Scenario: a namespace is Terminating at once, and gone with its content five seconds later
    When I delete namespace "team-a"
    Then namespace "team-a" matches:
      """
      metadata:
        deletionTimestamp: "2025-01-01T00:00:00Z"
      spec:
        finalizers: ["kubernetes"]
      status:
        phase: Terminating
      """
    And for 4 seconds configmap "team-a/settings" exists
    And within 1 second namespace "team-a" does not exist
    And configmap "team-a/settings" does not exist
    And secret "team-a/token" does not exist
    And the key "/registry/namespaces/team-a" does not exist in the store

  Scenario: the watch sees the deletion, the final conditions, then the removal
    When I watch namespaces
    And I delete namespace "team-a"
    And 5 seconds pass
    Then the watch received:
      | type     | name            |
      | ADDED    | default         |
      | ADDED    | kube-node-lease |
      | ADDED    | kube-public     |
      | ADDED    | kube-system     |
      | ADDED    | team-a          |
      | MODIFIED | team-a          |
      | MODIFIED | team-a          |
      | DELETED  | team-a          |

  Scenario: nothing new can be created in a Terminating namespace
    When I delete namespace "team-a"
    And I try to create the manifest:
      """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: late
        namespace: team-a
      """
    Then the request is rejected with status 403 and message "configmaps \"late\" is forbidden: unable to create new content in namespace team-a because it is being terminated"

  Scenario: content held by a finalizer keeps the namespace Terminating, and its conditions say why
    Given the manifest:
      """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: held
        namespace: team-a
        finalizers: ["example.com/cleanup"]
      """
    When I delete namespace "team-a"
    And 5 seconds pass
    Then configmap "team-a/settings" does not exist
    And configmap "team-a/held" matches:
      """
      metadata:
        deletionTimestamp: "2025-01-01T00:00:05Z"
      """
    And namespace "team-a" matches:
      """
      status:
        phase: Terminating
        conditions:
          - type: NamespaceContentRemaining
            status: "True"
            reason: SomeResourcesRemain
            message: "Some resources are remaining: configmaps. has 1 resource instances"
          - type: NamespaceFinalizersRemaining
            status: "True"
            reason: SomeFinalizersRemain
            message: "Some content in the namespace has finalizers remaining: example.com/cleanup in 1 resource instances"
          - type: NamespaceDeletionContentFailure
            status: "False"
            reason: ContentDeleted
            message: "All content successfully deleted, may be waiting on finalization"
      """
    And for 10 minutes namespace "team-a" exists
    When I patch configmap "team-a/held" with:
      """
      metadata:
        finalizers: null
      """
    Then within 8 seconds namespace "team-a" does not exist

  Scenario: the controller gives up only its own finalizer; the namespace waits for the others
    Given the manifest:
      """
      apiVersion: v1
      kind: Namespace
      metadata:
        name: team-b
      spec:
        finalizers: ["example.com/hold", "kubernetes"]
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: settings
        namespace: team-b
      """
    When I delete namespace "team-b"
    Then within 5 seconds namespace "team-b" does not match:
      """
      spec:
        finalizers: ["kubernetes"]
      """
    And configmap "team-b/settings" does not exist
    And for 10 minutes namespace "team-b" matches:
      """
      spec:
        finalizers: ["example.com/hold"]
      status:
        phase: Terminating
        conditions:
          - {type: NamespaceDeletionDiscoveryFailure, status: "False", reason: ResourcesDiscovered, message: All resources successfully discovered}
          - {type: NamespaceDeletionGroupVersionParsingFailure, status: "False", reason: ParsedGroupVersions, message: All legacy kube types successfully parsed}
          - {type: NamespaceDeletionContentFailure, status: "False", reason: ContentDeleted, message: "All content successfully deleted, may be waiting on finalization"}
          - {type: NamespaceContentRemaining, status: "False", reason: ContentRemoved, message: All content successfully removed}
          - {type: NamespaceFinalizersRemaining, status: "False", reason: ContentHasNoFinalizers, message: All content-preserving finalizers finished}
      """
