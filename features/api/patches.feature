Feature: Three kinds of patch, and manifests from files
  A strategic merge patch merges lists by their merge keys (containers by name), a JSON merge patch
  replaces lists, and a JSON patch applies operations — as `kubectl patch --type strategic|merge|json`.

  Background:
    When I apply the manifest "manifests/web-deployment.yaml"

  Scenario: a strategic merge patch changes one container and keeps the others' fields
    When I patch deployment "web" with:
      """
      spec:
        template:
          spec:
            containers:
              - name: app
                image: nginx:1.26
      """
    Then deployment "web" matches:
      """
      spec:
        template:
          spec:
            containers:
              - name: app
                image: nginx:1.26
                resources:
                  requests: {cpu: 100m, memory: 128Mi}
      """

  Scenario: a JSON merge patch replaces the whole list
    When I patch deployment "web" with a JSON merge patch:
      """
      spec:
        template:
          spec:
            containers:
              - name: app
                image: nginx:1.26
      """
    Then deployment "web" does not match:
      """
      spec:
        template:
          spec:
            containers:
              - resources:
                  requests: {cpu: 100m}
      """

  Scenario: a JSON patch applies operations in order
    When I patch deployment "web" with a JSON patch:
      """
      - {op: replace, path: /spec/replicas, value: 1}
      - {op: add, path: /metadata/labels, value: {tier: frontend}}
      """
    Then deployment "web" matches:
      """
      metadata:
        labels: {tier: frontend}
      spec:
        replicas: 1
      """

  Scenario: a failing JSON patch test operation is rejected and changes nothing
    When I try to patch deployment "web" with a JSON patch:
      """
      - {op: test, path: /spec/replicas, value: 7}
      - {op: replace, path: /spec/replicas, value: 1}
      """
    Then the request is rejected with status 422
    And deployment "web" matches:
      """
      spec:
        replicas: 3
      """

  Scenario: a folder of manifests is applied in file-name order
    Given the manifest "manifests/app"
    Then configmap "shop/settings" matches:
      """
      data: {currency: EUR}
      """
    And secret "shop/db" exists
