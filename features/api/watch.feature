Feature: Watches see every change, in order
  A watch from a resourceVersion replays the history after it and goes on live; a watch without
  one starts with the objects that exist; a compacted resourceVersion gets one 410 Expired ERROR
  (SEMANTICS facts 172–174).

  Scenario: a watch from the beginning replays the history of a resource, then goes on live
    Given the manifest:
      """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: settings
      data:
        mode: fast
      """
    And the manifest:
      """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: settings
      data:
        mode: safe
      """
    When I watch configmaps from the beginning
    And I delete configmap "settings"
    Then the watch received:
      | type     | name     |
      | ADDED    | settings |
      | MODIFIED | settings |
      | DELETED  | settings |

  Scenario: a watch without a resourceVersion starts with what exists
    Given the manifest:
      """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: a
      """
    When I watch configmaps
    And I apply the manifest:
      """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: b
      """
    Then the watch received:
      | type  | name |
      | ADDED | a    |
      | ADDED | b    |

  Scenario: objects leaving a watch's label selector arrive as DELETED, joining ones as ADDED
    Given the manifest:
      """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: a
        labels: {app: web}
      """
    When I watch configmaps with label selector "app=web"
    And I patch configmap "a" with:
      """
      metadata:
        labels: {app: db}
      """
    And I patch configmap "a" with:
      """
      metadata:
        labels: {app: web}
      """
    Then the watch received:
      | type    | name |
      | ADDED   | a    |
      | DELETED | a    |
      | ADDED   | a    |

  Scenario: a watch from a compacted resourceVersion is told it is too old
    Given the manifest:
      """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: settings
      """
    When the store is compacted
    And I watch configmaps from the beginning
    Then the watch received:
      | type  | message                          |
      | ERROR | too old resource version: 1 (*) |

  Scenario: the API server compacts the store every 5 minutes, so old history expires
    Given the manifest:
      """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: settings
      """
    When 4 minutes pass
    And I watch configmaps from the beginning
    Then the watch received:
      | type  | name     |
      | ADDED | settings |
    When 7 minutes pass
    And I watch configmaps from the beginning
    Then the watch received:
      | type  | message                          |
      | ERROR | too old resource version: 1 (*) |
