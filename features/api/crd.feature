Feature: CustomResourceDefinitions add kinds to the API
  An applied CRD makes its kind servable at once, validated by its openAPIV3Schema and stored under
  /registry/<group>/<plural>; deleting the CRD deletes its objects.

  Background:
    Given the manifest:
      """
      apiVersion: apiextensions.k8s.io/v1
      kind: CustomResourceDefinition
      metadata:
        name: widgets.example.com
      spec:
        group: example.com
        scope: Namespaced
        names:
          plural: widgets
          singular: widget
          kind: Widget
          shortNames: [wd]
        versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    required: [size]
                    properties:
                      size:
                        type: integer
                        minimum: 1
                      color:
                        type: string
                        enum: [red, blue]
      """

  Scenario: a CRD is established and its objects are served and stored
    When I apply the manifest:
      """
      apiVersion: example.com/v1
      kind: Widget
      metadata:
        name: w1
      spec:
        size: 3
        color: red
      """
    Then customresourcedefinition "widgets.example.com" matches:
      """
      status:
        conditions:
          - type: Established
            status: "True"
          - type: NamesAccepted
            status: "True"
      """
    And widget "w1" matches:
      """
      spec:
        size: 3
      """
    And wd "w1" exists
    And the key "/registry/example.com/widgets/default/w1" exists in the store

  Scenario: objects that break the schema are rejected
    When I try to apply the manifest:
      """
      apiVersion: example.com/v1
      kind: Widget
      metadata:
        name: w2
      spec:
        size: 0
        color: green
      """
    Then the request is rejected with status 422 and message "Widget.example.com \"w2\" is invalid: *"
    And widget "w2" does not exist

  Scenario: deleting the CRD deletes its objects and the kind
    Given the manifest:
      """
      apiVersion: example.com/v1
      kind: Widget
      metadata:
        name: w1
      spec:
        size: 1
      """
    When I delete crd "widgets.example.com"
    Then the key "/registry/example.com/widgets/default/w1" does not exist in the store
    And customresourcedefinition "widgets.example.com" does not exist

  Scenario: a CRD being deleted waits for its instances' finalizers and refuses new instances
    Given the manifest:
      """
      apiVersion: example.com/v1
      kind: Widget
      metadata:
        name: held
        finalizers: ["example.com/hold"]
      spec:
        size: 1
      """
    When I delete crd "widgets.example.com"
    Then for 1 minute customresourcedefinition "widgets.example.com" matches:
      """
      metadata:
        finalizers: ["customresourcecleanup.apiextensions.k8s.io"]
      status:
        conditions:
          - type: Terminating
            status: "True"
      """
    And widget "held" matches:
      """
      metadata:
        deletionTimestamp: "*"
      """
    When I try to apply the manifest:
      """
      apiVersion: example.com/v1
      kind: Widget
      metadata:
        name: late
      spec:
        size: 1
      """
    Then the request is rejected with status 405 and message "create not allowed while custom resource definition is terminating"
    When I patch widget "held" with a JSON merge patch:
      """
      metadata:
        finalizers: null
      """
    Then eventually customresourcedefinition "widgets.example.com" does not exist
    And the key "/registry/example.com/widgets/default/held" does not exist in the store

  Scenario: re-applying a custom resource sends a JSON merge patch (custom kinds have no strategic merge)
    Given the manifest:
      """
      apiVersion: example.com/v1
      kind: Widget
      metadata:
        name: w1
      spec:
        size: 1
        color: red
      """
    When I apply the manifest:
      """
      apiVersion: example.com/v1
      kind: Widget
      metadata:
        name: w1
      spec:
        size: 2
      """
    Then widget "w1" matches:
      """
      metadata:
        generation: 2
      spec:
        size: 2
        color: null
      """
