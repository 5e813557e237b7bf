Feature: Finalizers hold an object until its owners of cleanup are done
  A DELETE of an object with finalizers only marks it (deletionTimestamp); it is removed when its
  last finalizer is (SEMANTICS fact 177).

  Background:
    Given the manifest:
      """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: settings
        finalizers: ["example.com/cleanup"]
      """

  Scenario: an object with a finalizer lingers, marked for deletion, until the finalizer is removed
    When I delete configmap "settings"
    Then for 10 minutes configmap "settings" matches:
      """
      metadata:
        deletionTimestamp: "2025-01-01T00:00:00Z"
        deletionGracePeriodSeconds: 0
        finalizers: ["example.com/cleanup"]
      """
    When I patch configmap "settings" with:
      """
      metadata:
        finalizers: null
      """
    Then configmap "settings" does not exist
    And the key "/registry/configmaps/default/settings" does not exist in the store

  Scenario: no finalizer can be added once deletion has started
    When I delete configmap "settings"
    And I try to patch configmap "settings" with:
      """
      metadata:
        finalizers: ["example.com/cleanup", "example.com/late"]
      """
    Then the request is rejected with status 422 and message "ConfigMap \"settings\" is invalid: metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{\"example.com/late\"}"
