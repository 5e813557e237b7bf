Feature: Containers as the simulated kubelet runs them: restarts, crash back-off, probes, images, admission
  Containers run no code; the sim.kubespec.io/* annotations say how they behave. The kubelet applies
  the pod's restartPolicy, backs off crashing containers 10s, 20s, 40s … up to 300s, runs probes with the
  upstream defaults, pulls images it does not have, and refuses pods that do not fit the node
  (SEMANTICS facts 130–141).

  Background:
    Given a cluster with nodes:
      | name   | cpu | memory | images          |
      | node-1 | 2   | 4Gi    | redis:7=30Mi    |

  Scenario: a crashing container goes into CrashLoopBackOff with doubling back-off (facts 133, 135)
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: web
        annotations:
          sim.kubespec.io/exit-after: 5s
          sim.kubespec.io/exit-code: "1"
      spec:
        nodeName: node-1
        containers:
          - name: app
            image: redis:7
      """
    Then within 1 second pod "web" is Running
    And within 10 seconds pod "web" is CrashLoopBackOff
    And pod "web" matches:
      """
      status:
        phase: Running
        containerStatuses:
          - name: app
            restartCount: 1
            state:
              waiting:
                reason: CrashLoopBackOff
                message: back-off 10s restarting failed container=app pod=web_default(*)
            lastState:
              terminated: {exitCode: 1, reason: Error}
      """
    And there is an event "BackOff" for pod "web" with message "Back-off restarting failed container app in pod web_default(*)"
    And for 9 seconds pod "web" is CrashLoopBackOff
    And within 2 seconds pod "web" is Running
    And within 6 seconds pod "web" is CrashLoopBackOff
    And pod "web" matches:
      """
      status:
        containerStatuses:
          - name: app
            restartCount: 2
            state:
              waiting: {reason: CrashLoopBackOff, message: back-off 20s restarting failed container=app pod=web_default(*)}
      """
    When 10 minutes pass
    Then pod "web" matches:
      """
      status:
        containerStatuses:
          - name: app
            state:
              waiting: {reason: CrashLoopBackOff, message: back-off 5m0s restarting failed container=app pod=web_default(*)}
      """

  Scenario Outline: restartPolicy <policy> after exit code <code> leaves the pod <status> (fact 131)
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: job
        annotations:
          sim.kubespec.io/exit-after: 30s
          sim.kubespec.io/exit-code: "<code>"
      spec:
        nodeName: node-1
        restartPolicy: <policy>
        containers:
          - name: app
            image: redis:7
      """
    Then within 1 second pod "job" is Running
    And within 1 minute pod "job" is <status>
    And for 5 minutes pod "job" is <status>
    And pod "job" matches:
      """
      status:
        phase: <phase>
        containerStatuses:
          - name: app
            restartCount: <restarts>
      """

    Examples:
      | policy    | code | status    | phase     | restarts |
      | Never     | 0    | Completed | Succeeded | 0        |
      | Never     | 1    | Error     | Failed    | 0        |
      | OnFailure | 0    | Completed | Succeeded | 0        |

  Scenario: restartPolicy OnFailure restarts a container that exited non-zero (fact 131)
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: job
        annotations:
          sim.kubespec.io/exit-after: 30s
          sim.kubespec.io/exit-code: "2"
      spec:
        nodeName: node-1
        restartPolicy: OnFailure
        containers:
          - name: app
            image: redis:7
      """
    Then within 1 minute pod "job" matches:
      """
      status:
        phase: Running
        containerStatuses:
          - name: app
            restartCount: 1
            lastState:
              terminated: {exitCode: 2, reason: Error}
      """

  Scenario: a container that exits by the user's hand is restarted (fact 131)
    Given a pod "web" on node "node-1"
    When container "app" of pod "web" exits with code 137
    Then eventually pod "web" matches:
      """
      status:
        containerStatuses:
          - name: app
            ready: true
            restartCount: 1
            lastState:
              terminated: {exitCode: 137}
      """

  Scenario: a failing readiness probe takes the pod out of Ready without restarting it (facts 130, 139)
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: web
      spec:
        nodeName: node-1
        containers:
          - name: app
            image: redis:7
            readinessProbe:
              httpGet: {path: /healthz, port: 8080}
      """
    Then within 15 seconds pod "web" is Ready
    When pod "web" starts failing its readiness probe
    Then for 20 seconds pod "web" is Ready
    And within 11 seconds pod "web" is NotReady
    And pod "web" is Running
    And there is an event "Unhealthy" for pod "web" with message "Readiness probe failed: *"
    When pod "web" stops failing its readiness probe
    Then within 10 seconds pod "web" is Ready
    And pod "web" matches:
      """
      status:
        containerStatuses:
          - {name: app, restartCount: 0}
      """

  Scenario: a failing liveness probe restarts the container after three failures (facts 130, 138, 139)
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: web
      spec:
        nodeName: node-1
        containers:
          - name: app
            image: redis:7
            livenessProbe:
              tcpSocket: {port: 6379}
      """
    Then within 5 seconds pod "web" is Ready
    When pod "web" starts failing its liveness probe
    Then within 31 seconds there is an event "Killing" for pod "web" with message "Container app failed liveness probe, will be restarted"
    And there is an event "Unhealthy" for pod "web" with message "Liveness probe failed: *"
    # The kubelet stops it with SIGTERM, which the container honours: exit code 128 + 15.
    And eventually pod "web" matches:
      """
      status:
        containerStatuses:
          - name: app
            restartCount: 1
            lastState:
              terminated: {exitCode: 143, reason: Error}
      """

  Scenario: a container that ignores SIGTERM is SIGKILLed when a failed liveness probe's grace period ends (facts 138, 140)
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: web
        annotations:
          sim.kubespec.io/ignore-sigterm: "true"
      spec:
        nodeName: node-1
        terminationGracePeriodSeconds: 15
        containers:
          - name: app
            image: redis:7
            livenessProbe:
              tcpSocket: {port: 6379}
      """
    And the cluster settles
    And pod "web" starts failing its liveness probe
    Then within 31 seconds there is an event "Killing" for pod "web" with message "Container app failed liveness probe, will be restarted"
    And for 14 seconds pod "web" matches:
      """
      status:
        containerStatuses:
          - {name: app, restartCount: 0}
      """
    And within 2 seconds pod "web" matches:
      """
      status:
        containerStatuses:
          - name: app
            restartCount: 1
            lastState:
              terminated: {exitCode: 137, reason: Error}
      """

  Scenario: a container that ignores SIGTERM is killed at the end of the grace period (facts 140, 141)
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: stubborn
        annotations:
          sim.kubespec.io/ignore-sigterm: "true"
      spec:
        nodeName: node-1
        terminationGracePeriodSeconds: 20
        containers:
          - name: app
            image: redis:7
      """
    And the cluster settles
    And I delete pod "stubborn"
    Then for 19 seconds pod "stubborn" is Terminating
    And within 2 seconds pod "stubborn" does not exist
    And there is an event "Killing" for pod "stubborn" with message "Stopping container app"

  Scenario: the second pod with the same image finds it already on the node (fact 137)
    Given a pod "first" on node "node-1"
    Then there is an event "Pulled" for pod "first" with message "Successfully pulled image \"nginx:1.25\" in 1s (1s including waiting). Image size: 67108864 bytes."
    And within 10 seconds node "node-1" matches:
      """
      status:
        images:
          - {names: [nginx:1.25], sizeBytes: 67108864}
      """
    Given a pod "second" on node "node-1"
    Then there is an event "Pulled" for pod "second" with message "Container image \"nginx:1.25\" already present on machine"
    And there is no event "Pulling" for pod "second"

  Scenario: a slow image pull keeps the pod ContainerCreating (fact 137)
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: web
        annotations:
          sim.kubespec.io/pull-time: 45s
      spec:
        nodeName: node-1
        containers:
          - name: app
            image: nginx:1.25
      """
    Then for 44 seconds pod "web" is ContainerCreating
    And within 2 seconds pod "web" is Running

  Scenario: an image that is not on the node with pull policy Never is not pulled (fact 137)
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: web
      spec:
        nodeName: node-1
        containers:
          - name: app
            image: nginx:1.25
            imagePullPolicy: Never
      """
    Then within 5 seconds pod "web" is ErrImageNeverPull
    And there is an event "ErrImageNeverPull" for pod "web" with message "Container image \"nginx:1.25\" is not present with pull policy of Never"

  Scenario: the kubelet refuses a pod bound past the node's allocatable CPU
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: big
      spec:
        nodeName: node-1
        containers:
          - name: app
            image: redis:7
            resources:
              requests: {cpu: "3"}
      """
    Then within 5 seconds pod "big" is OutOfcpu
    And pod "big" matches:
      """
      status:
        phase: Failed
        reason: OutOfcpu
        message: "Pod was rejected: Node didn't have enough resource: cpu, requested: 3000, used: 0, capacity: 2000"
      """
    And there is an event "OutOfcpu" for pod "big" with message "Node didn't have enough resource: cpu, requested: 3000, used: 0, capacity: 2000"

  Scenario: start-delay, ready and per-container annotations (sim.kubespec.io/*)
    When I apply the manifest:
      """
      apiVersion: v1
      kind: Pod
      metadata:
        name: web
        annotations:
          sim.kubespec.io/start-delay: 20s
          sim.kubespec.io/start-delay.sidecar: 5s
      spec:
        nodeName: node-1
        containers:
          - {name: app, image: redis:7}
          - {name: sidecar, image: redis:7}
      ---
      apiVersion: v1
      kind: Pod
      metadata:
        name: never
        annotations:
          sim.kubespec.io/ready.app: "false"
      spec:
        nodeName: node-1
        containers:
          - {name: app, image: redis:7}
          - {name: sidecar, image: redis:7}
      """
    Then within 6 seconds pod "web" matches:
      """
      status:
        phase: Running
        containerStatuses:
          - {name: app, ready: false, started: true}
          - {name: sidecar, ready: true}
      """
    And pod "web" is NotReady
    And within 16 seconds pod "web" is Ready
    And for 10 minutes pod "never" is NotReady
    And pod "never" is Running
    And pod "never" matches:
      """
      status:
        containerStatuses:
          - {name: app, ready: false}
          - {name: sidecar, ready: true}
      """
