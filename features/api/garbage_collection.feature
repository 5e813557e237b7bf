Feature: The garbage collector deletes dependents whose owners are gone
  Objects name their owners in ownerReferences (by UID). When every owner is gone the garbage
  collector deletes the dependent; the owner's propagation policy decides how (SEMANTICS facts
  178–180).

  Background:
    Given the manifest:
      """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: parent
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: child
      """
    And I set the owner of configmap "child" to configmap "parent"

  Scenario: Background propagation deletes the owner at once and the dependent after it
    When I delete configmap "parent"
    Then configmap "parent" does not exist
    And eventually configmap "child" does not exist

  Scenario: Orphan propagation releases the dependents and leaves them running
    When I delete configmap "parent" with propagation "Orphan"
    Then eventually configmap "parent" does not exist
    And for 5 minutes configmap "child" exists
    And configmap "child" matches:
      """
      metadata:
        ownerReferences: null
      """

  Scenario: Foreground propagation keeps the owner until its blocking dependents are gone
    Given the manifest:
      """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: child
        finalizers: ["example.com/slow"]
      """
    When I delete configmap "parent" with propagation "Foreground"
    Then for 1 minute configmap "parent" matches:
      """
      metadata:
        deletionTimestamp: "*"
        finalizers: ["foregroundDeletion"]
      """
    And configmap "child" matches:
      """
      metadata:
        deletionTimestamp: "*"
      """
    When I patch configmap "child" with:
      """
      metadata:
        finalizers: null
      """
    Then eventually configmap "child" does not exist
    And eventually configmap "parent" does not exist

  Scenario: a dependent with another live owner survives and only loses the dead reference
    Given the manifest:
      """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: second-parent
      """
    And I set the owner of configmap "child" to configmap "second-parent"
    When I delete configmap "parent"
    Then for 1 minute configmap "child" exists
    And configmap "child" matches:
      """
      metadata:
        ownerReferences:
          - name: second-parent
      """
    And configmap "child" does not match:
      """
      metadata:
        ownerReferences:
          - name: parent
      """

  Scenario: an owner in another namespace counts as absent and is reported
    Given the manifest:
      """
      apiVersion: v1
      kind: Namespace
      metadata:
        name: other
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: stray
        namespace: other
      """
    When I set the owner of configmap "other/stray" to configmap "parent"
    Then eventually configmap "other/stray" does not exist
    And there is an event "OwnerRefInvalidNamespace" for configmap "other/stray"
    And the events for configmap "other/stray" include:
      | type    | reason                   | message                                                                     |
      | Warning | OwnerRefInvalidNamespace | ownerRef [v1/ConfigMap, namespace: other, name: parent, uid: *] does not exist in namespace "other" |
