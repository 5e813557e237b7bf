Feature: Jobs
  The Job controller runs pods to completion. It creates up to spec.parallelism pods at a time until
  spec.completions have succeeded, labels them with the Job's controller-uid and name, and keeps the
  `batch.kubernetes.io/job-tracking` finalizer on each until it has counted it, so no finished pod
  is counted twice or lost. A failed pod is replaced after a back-off that starts at 10 seconds and
  doubles (capped at 10 minutes, as v1.32's MaxJobPodFailureBackOff). A Job that reached its goal
  or failed first gets the interim SuccessCriteriaMet or FailureTarget condition, and only becomes
  Complete or Failed once none of its pods is still terminating (JobPodReplacementPolicy).

  Scenario: A Job with completions and parallelism runs two pods at a time until three have succeeded
    Given a cluster with 2 nodes
    When I apply the manifest:
      """
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: pi
      spec:
        completions: 3
        parallelism: 2
        template:
          metadata:
            annotations:
              sim.kubespec.io/exit-after: 30s
          spec:
            restartPolicy: Never
            containers:
            - name: pi
              image: perl:5.34
      """
    And 5 seconds pass
    Then job "pi" has 2 running pods
    And job "pi" matches:
      """
      spec:
        backoffLimit: 6
        completionMode: NonIndexed
        podReplacementPolicy: TerminatingOrFailed
        suspend: false
      status:
        startTime: "2025-01-01T00:00:00Z"
        active: 2
        ready: 2
        terminating: 0
        uncountedTerminatedPods: {}
      """
    When 35 seconds pass
    Then job "pi" has 1 running pod
    And job "pi" matches:
      """
      status:
        active: 1
        succeeded: 2
      """
    And eventually job "pi" matches:
      """
      status:
        succeeded: 3
        completionTime: "2025-01-01T00:01:03Z"
        conditions:
        - type: SuccessCriteriaMet
          status: "True"
          reason: CompletionsReached
          message: Reached expected number of succeeded pods
        - type: Complete
          status: "True"
          reason: CompletionsReached
          message: Reached expected number of succeeded pods
      """
    And job "pi" does not match:
      """
      status:
        active: 1
      """
    And the events for job "pi" include:
      | type   | reason           | message        |
      | Normal | SuccessfulCreate | Created pod: * |
      | Normal | Completed        | Job completed  |

  Scenario: The Job's pods carry its labels, the tracking finalizer until counted, and the Job as controller
    Given a cluster with 2 nodes
    When I apply the manifest:
      """
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: once
      spec:
        template:
          metadata:
            annotations:
              sim.kubespec.io/exit-after: 10s
          spec:
            restartPolicy: Never
            containers:
            - name: app
              image: busybox:1.36
      """
    And 2 seconds pass
    Then job "once" matches:
      """
      spec:
        completions: 1
        parallelism: 1
        template:
          metadata:
            labels:
              batch.kubernetes.io/job-name: once
              job-name: once
      """
    And eventually job "once" matches:
      """
      status:
        succeeded: 1
        conditions:
        - type: Complete
          status: "True"
      """
    And the pods of job "once" were created in the order "once-*"

  Scenario: Failed pods are replaced after a back-off of 10s, then 20s; past backoffLimit the Job fails
    Given a cluster with 2 nodes
    When I apply the manifest:
      """
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: flaky
      spec:
        backoffLimit: 2
        template:
          metadata:
            annotations:
              sim.kubespec.io/exit-after: 5s
              sim.kubespec.io/exit-code: "1"
          spec:
            restartPolicy: Never
            containers:
            - name: app
              image: busybox:1.36
      """
    # The first pod starts at once and fails 5 seconds into its run.
    And 7 seconds pass
    Then job "flaky" matches:
      """
      status:
        failed: 1
        ready: 0
      """
    # Its replacement waits 10 seconds after the failure.
    And for 8 seconds job "flaky" has 0 running pods
    And within 3 seconds job "flaky" has 1 running pod
    And within 10 seconds job "flaky" matches:
      """
      status:
        failed: 2
      """
    # The second replacement waits 20 seconds.
    And for 18 seconds job "flaky" has 0 running pods
    And within 3 seconds job "flaky" has 1 running pod
    # The third failure is one more than backoffLimit allows.
    And within 10 seconds job "flaky" matches:
      """
      status:
        failed: 3
        conditions:
        - type: FailureTarget
          status: "True"
          reason: BackoffLimitExceeded
          message: Job has reached the specified backoff limit
        - type: Failed
          status: "True"
          reason: BackoffLimitExceeded
          message: Job has reached the specified backoff limit
      """
    And the events for job "flaky" include:
      | type    | reason               | message                                    |
      | Warning | BackoffLimitExceeded | Job has reached the specified backoff limit |
    And for 10 minutes job "flaky" has 0 running pods
    And the pods of job "flaky" were created in the order "flaky-*, flaky-*, flaky-*"

  Scenario: With restartPolicy OnFailure the container restarts count against backoffLimit
    Given a cluster with 2 nodes
    When I apply the manifest:
      """
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: retry
      spec:
        backoffLimit: 2
        template:
          metadata:
            annotations:
              sim.kubespec.io/exit-after: 5s
              sim.kubespec.io/exit-code: "1"
          spec:
            restartPolicy: OnFailure
            containers:
            - name: app
              image: busybox:1.36
      """
    And 10 seconds pass
    Then job "retry" has 1 running pod
    And job "retry" does not match:
      """
      status:
        conditions:
        - type: FailureTarget
      """
    # The second restart reaches backoffLimit: the pod is deleted and counted as failed.
    And within 30 seconds job "retry" matches:
      """
      status:
        failed: 1
        conditions:
        - type: Failed
          status: "True"
          reason: BackoffLimitExceeded
          message: Job has reached the specified backoff limit
      """
    And there is an event "SuccessfulDelete" for job "retry" with message "Deleted pod: retry-*"
    And the pods of job "retry" were created in the order "retry-*"

  Scenario: activeDeadlineSeconds stops a Job that runs too long and deletes its pods
    Given a cluster with 2 nodes
    When I apply the manifest:
      """
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: slow
      spec:
        activeDeadlineSeconds: 60
        parallelism: 2
        completions: 4
        template:
          spec:
            restartPolicy: Never
            containers:
            - name: app
              image: busybox:1.36
      """
    And 5 seconds pass
    Then for 54 seconds job "slow" has 2 running pods
    And within 5 seconds job "slow" matches:
      """
      status:
        failed: 2
        conditions:
        - type: FailureTarget
          reason: DeadlineExceeded
          message: Job was active longer than specified deadline
        - type: Failed
          status: "True"
          reason: DeadlineExceeded
          message: Job was active longer than specified deadline
      """
    And job "slow" has 0 running pods
    And the events for job "slow" include:
      | type    | reason           | message                                        |
      | Normal  | SuccessfulDelete | Deleted pod: slow-*                            |
      | Warning | DeadlineExceeded | Job was active longer than specified deadline  |

  Scenario: An Indexed Job gives each pod its completion index and records the completed indexes
    Given a cluster with 2 nodes
    When I apply the manifest:
      """
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: shards
      spec:
        completionMode: Indexed
        completions: 4
        parallelism: 2
        template:
          metadata:
            annotations:
              sim.kubespec.io/exit-after: 20s
          spec:
            restartPolicy: Never
            containers:
            - name: app
              image: busybox:1.36
      """
    And 25 seconds pass
    Then job "shards" matches:
      """
      status:
        active: 2
        succeeded: 2
        completedIndexes: "0,1"
      """
    And the pods of job "shards" were created in the order "shards-0-*, shards-1-*, shards-2-*, shards-3-*"
    And eventually job "shards" matches:
      """
      status:
        succeeded: 4
        completedIndexes: 0-3
        conditions:
        - type: Complete
          status: "True"
      """

  Scenario: With backoffLimitPerIndex each index backs off and fails on its own
    Given a cluster with 2 nodes
    When I apply the manifest:
      """
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: perindex
      spec:
        completionMode: Indexed
        completions: 2
        parallelism: 2
        backoffLimitPerIndex: 1
        template:
          metadata:
            annotations:
              sim.kubespec.io/exit-after: 5s
              sim.kubespec.io/exit-code: "1"
          spec:
            restartPolicy: Never
            containers:
            - name: app
              image: busybox:1.36
      """
    Then job "perindex" matches:
      """
      spec:
        backoffLimit: 2147483647
      """
    # Each index gets one retry, 10 seconds after its failure; the retries carry the failure count.
    When 20 seconds pass
    Then job "perindex" has 2 running pods
    And the pods of job "perindex" were created in the order "perindex-0-*, perindex-1-*, perindex-0-*, perindex-1-*"
    And within 10 seconds job "perindex" matches:
      """
      status:
        failed: 4
        failedIndexes: "0,1"
        conditions:
        - type: FailureTarget
          reason: FailedIndexes
          message: Job has failed indexes
        - type: Failed
          status: "True"
          reason: FailedIndexes
          message: Job has failed indexes
      """
    And there is an event "FailedIndexes" for job "perindex" with message "Job has failed indexes"

  Scenario: A successPolicy declares an Indexed Job succeeded once index 0 has; the other pods are deleted
    # The pod of index 0 is named from the seed: with seed 1 it is leader-0-xzrh7.
    Given the random seed is 1
    And a cluster with 2 nodes
    When I apply the manifest:
      """
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: leader
      spec:
        completionMode: Indexed
        completions: 3
        parallelism: 3
        successPolicy:
          rules:
          - succeededIndexes: "0"
        template:
          spec:
            restartPolicy: Never
            containers:
            - name: app
              image: busybox:1.36
      """
    And 5 seconds pass
    Then job "leader" has 3 running pods
    When container "app" of pod "leader-0-xzrh7" exits with code 0
    Then within 10 seconds job "leader" matches:
      """
      status:
        succeeded: 1
        completedIndexes: "0"
        conditions:
        - type: SuccessCriteriaMet
          status: "True"
          reason: SuccessPolicy
          message: Matched rules at index 0
        - type: Complete
          status: "True"
          reason: SuccessPolicy
          message: Matched rules at index 0
      """
    And job "leader" has 0 running pods
    And job "leader" does not match:
      """
      status:
        failed: 1
      """
    And the pods of job "leader" were deleted in the order "leader-1-*, leader-2-*"

  Scenario: Suspending a Job deletes its active pods; resuming it starts new ones
    Given a cluster with 2 nodes
    When I apply the manifest:
      """
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: batch
      spec:
        parallelism: 2
        completions: 2
        template:
          spec:
            restartPolicy: Never
            containers:
            - name: app
              image: busybox:1.36
      """
    And 5 seconds pass
    Then job "batch" has 2 running pods
    When I patch job "batch" with:
      """
      spec:
        suspend: true
      """
    Then within 5 seconds job "batch" matches:
      """
      status:
        conditions:
        - type: Suspended
          status: "True"
          reason: JobSuspended
          message: Job suspended
      """
    And eventually job "batch" has 0 running pods
    # Pods deleted for a suspension are not counted as failed.
    And job "batch" does not match:
      """
      status:
        failed: 2
      """
    When I patch job "batch" with:
      """
      spec:
        suspend: false
      """
    Then within 5 seconds job "batch" has 2 running pods
    And job "batch" matches:
      """
      status:
        conditions:
        - type: Suspended
          status: "False"
          reason: JobResumed
          message: Job resumed
      """
    And the events for job "batch" include:
      | type   | reason           | message             |
      | Normal | Suspended        | Job suspended       |
      | Normal | SuccessfulDelete | Deleted pod: batch-* |
      | Normal | Resumed          | Job resumed         |
    And the pods of job "batch" were created in the order "batch-*, batch-*, batch-*, batch-*"

  Scenario: A Job created suspended has no start time and no pods until resumed
    Given a cluster with 2 nodes
    When I apply the manifest:
      """
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: later
      spec:
        suspend: true
        template:
          spec:
            restartPolicy: Never
            containers:
            - name: app
              image: busybox:1.36
      """
    And 1 minute passes
    Then job "later" has 0 running pods
    And job "later" does not match:
      """
      status:
        startTime: "2025-01-01T00:00:00Z"
      """
    When I patch job "later" with:
      """
      spec:
        suspend: false
      """
    Then within 5 seconds job "later" has 1 running pod
    And job "later" matches:
      """
      status:
        startTime: "2025-01-01T00:01:00Z"
      """

  Scenario: A podFailurePolicy FailJob rule fails the Job on the first matching exit code
    Given a cluster with 2 nodes
    When I apply the manifest:
      """
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: strict
      spec:
        podFailurePolicy:
          rules:
          - action: FailJob
            onExitCodes:
              containerName: app
              operator: In
              values: [42]
        template:
          metadata:
            annotations:
              sim.kubespec.io/exit-after: 5s
              sim.kubespec.io/exit-code: "42"
          spec:
            restartPolicy: Never
            containers:
            - name: app
              image: busybox:1.36
      """
    Then within 15 seconds job "strict" matches:
      """
      spec:
        podReplacementPolicy: Failed
      status:
        failed: 1
        conditions:
        - type: FailureTarget
          reason: PodFailurePolicy
        - type: Failed
          status: "True"
          reason: PodFailurePolicy
          message: Container app for pod default/strict-* failed with exit code 42 matching FailJob rule at index 0
      """

  Scenario: ttlSecondsAfterFinished: the TTL-after-finished controller deletes the finished Job and its pods
    Given a cluster with 2 nodes
    When I apply the manifest:
      """
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: shortlived
      spec:
        ttlSecondsAfterFinished: 100
        template:
          metadata:
            annotations:
              sim.kubespec.io/exit-after: 10s
          spec:
            restartPolicy: Never
            containers:
            - name: app
              image: busybox:1.36
      """
    Then within 20 seconds job "shortlived" matches:
      """
      status:
        conditions:
        - type: Complete
          status: "True"
      """
    # Waiting out a TTL is not pending work: the cluster settles with the Job still there.
    When the cluster settles
    Then for 95 seconds job "shortlived" exists
    And within 10 seconds job "shortlived" does not exist
    And the pods of job "shortlived" were deleted in the order "shortlived-*"
