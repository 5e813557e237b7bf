Feature: The API server answers mistakes as Kubernetes does
  Requests that cannot be served are rejected with the status, reason and message the real API
  server sends, so a spec can pin the exact error a user of kubectl would see.

  Scenario: an object without a required field is Invalid (422)
    When I try to apply the manifest:
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        template:
          metadata:
            labels: {app: web}
          spec:
            containers:
              - name: app
                image: nginx:1.25
      """
    Then the request is rejected with status 422 and message "Deployment.apps \"web\" is invalid: *spec.selector: Required value*"
    And deployment "web" does not exist

  Scenario: a container without an image is Invalid
    When I try to apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: broken
      spec:
        containers:
          - name: app
      """
    Then the request is rejected with status 422 and message "Pod \"broken\" is invalid: spec.containers[0].image: Required value"

  Scenario: an unknown field is rejected by strict decoding (400)
    When I try to apply the manifest:
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        replica: 3
        selector:
          matchLabels: {app: web}
        template:
          metadata:
            labels: {app: web}
          spec:
            containers:
              - name: app
                image: nginx:1.25
      """
    Then the request is rejected with status 400 and message "*strict decoding error: unknown field \"spec.replica\""

  Scenario: a field named like a JavaScript built-in is an unknown field like any other
    When I try to apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: odd
      spec:
        constructor: 1
        containers:
          - name: app
            image: nginx:1.25
            toString: x
      """
    Then the request is rejected with status 400 and message "*strict decoding error: unknown field \"spec.constructor\", unknown field \"spec.containers[0].toString\""

  Scenario: an invalid name is rejected with the DNS-1123 explanation
    When I try to apply the manifest:
      """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: Bad_Name
      """
    Then the request is rejected with status 422 and message "ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain must consist of*"

  Scenario: creating a name that exists is AlreadyExists (409)
    Given the manifest:
      """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: settings
      """
    When I try to create the manifest:
      """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: settings
      """
    Then the request is rejected with status 409 and message "configmaps \"settings\" already exists"

  Scenario: a write carrying a stale resourceVersion is a Conflict (409)
    Given the manifest:
      """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: settings
      data:
        mode: fast
      """
    When I try to apply the manifest:
      """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: settings
        resourceVersion: "1"
      data:
        mode: safe
      """
    Then the request is rejected with status 409 and message "Operation cannot be fulfilled on configmaps \"settings\": the object has been modified; please apply your changes to the latest version and try again"
    And configmap "settings" matches:
      """
      data:
        mode: fast
      """

  Scenario: deleting what does not exist is NotFound (404)
    When I try to delete deployment "ghost"
    Then the request is rejected with status 404 and message "deployments.apps \"ghost\" not found"

  Scenario: content in a namespace that does not exist is NotFound
    When I try to apply the manifest:
      """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: settings
        namespace: nowhere
      """
    Then the request is rejected with status 404 and message "namespaces \"nowhere\" not found"

  Scenario: the system namespaces cannot be deleted (403)
    When I try to delete namespace "kube-system"
    Then the request is rejected with status 403 and message "namespaces \"kube-system\" is forbidden: this namespace may not be deleted"
    And namespace "kube-system" exists

  Scenario: immutable fields cannot change on update
    Given the manifest:
      """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: frozen
      immutable: true
      data:
        mode: fast
      """
    When I try to patch configmap "frozen" with:
      """
      data:
        mode: safe
      """
    Then the request is rejected with status 422 and message "ConfigMap \"frozen\" is invalid: data: Forbidden: field is immutable when `immutable` is set"
    When I apply the manifest "manifests/web-deployment.yaml"
    And I try to patch deployment "web" with:
      """
      spec:
        selector:
          matchLabels: {app: other}
        template:
          metadata:
            labels: {app: other}
      """
    Then the request is rejected with status 422 and message "Deployment.apps \"web\" is invalid: spec.selector: Invalid value: *: field is immutable"
