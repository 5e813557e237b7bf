Feature: CronJobs
  The CronJob controller creates a Job for each schedule time, named `<cronjob>-<minutes since the
  epoch>` so one schedule time never runs twice, annotated with the time it was scheduled for. It
  wakes up just after each schedule time (a background heartbeat: the cluster still settles while
  a CronJob waits). concurrencyPolicy decides what happens while an earlier Job still runs, the
  history limits trim finished Jobs, and startingDeadlineSeconds drops schedule times that can no
  longer start in time. The scenario clock starts at 2025-01-01T00:00:00Z, 28928160 minutes after
  the epoch; the schedules are in UTC unless spec.timeZone says otherwise.

  Background:
    # One node: a simulated day of kubelet heartbeats costs wall time per node.
    Given a cluster with 1 node

  Scenario: An hourly CronJob over a simulated day keeps the last three successful Jobs
    When I apply the manifest:
      """
      apiVersion: batch/v1
      kind: CronJob
      metadata:
        name: report
      spec:
        schedule: "0 * * * *"
        jobTemplate:
          metadata:
            labels:
              app: report
          spec:
            template:
              metadata:
                annotations:
                  sim.kubespec.io/exit-after: 1m
              spec:
                restartPolicy: Never
                containers:
                - name: app
                  image: busybox:1.36
      """
    And the cluster settles
    Then cronjob "report" matches:
      """
      spec:
        concurrencyPolicy: Allow
        successfulJobsHistoryLimit: 3
        failedJobsHistoryLimit: 1
        suspend: false
      """
    And job "report-28928220" does not exist
    When 1 hour passes
    # It wakes up 100ms after the schedule time (nextScheduleDelta).
    Then within 1 second job "report-28928220" matches:
      """
      metadata:
        labels:
          app: report
        annotations:
          batch.kubernetes.io/cronjob-scheduled-timestamp: "2025-01-01T01:00:00Z"
        ownerReferences:
        - {apiVersion: batch/v1, kind: CronJob, name: report, controller: true, blockOwnerDeletion: true}
      """
    And cronjob "report" matches:
      """
      status:
        lastScheduleTime: "2025-01-01T01:00:00Z"
        active:
        - {kind: Job, name: report-28928220, namespace: default, apiVersion: batch/v1}
      """
    When 23 hours pass
    And 2 minutes pass
    Then cronjob "report" matches:
      """
      status:
        lastScheduleTime: "2025-01-02T00:00:00Z"
        lastSuccessfulTime: "2025-01-02T00:01:*"
      """
    And job "report-28929480" exists
    And job "report-28929540" exists
    And job "report-28929600" exists
    And job "report-28929420" does not exist
    And job "report-28928220" does not exist
    And the events for cronjob "report" include:
      | type   | reason           | message                                                 |
      | Normal | SuccessfulCreate | Created job report-28928220                             |
      | Normal | SawCompletedJob  | Saw completed job: report-28928220, condition: Complete |
      | Normal | SuccessfulDelete | Deleted job report-28928220                             |
      | Normal | SuccessfulCreate | Created job report-28929600                             |

  Scenario: Failed Jobs are kept up to failedJobsHistoryLimit
    When I apply the manifest:
      """
      apiVersion: batch/v1
      kind: CronJob
      metadata:
        name: broken
      spec:
        schedule: "*/10 * * * *"
        failedJobsHistoryLimit: 1
        jobTemplate:
          spec:
            backoffLimit: 0
            template:
              metadata:
                annotations:
                  sim.kubespec.io/exit-after: 5s
                  sim.kubespec.io/exit-code: "3"
              spec:
                restartPolicy: Never
                containers:
                - name: app
                  image: busybox:1.36
      """
    And 31 minutes pass
    Then job "broken-28928190" matches:
      """
      status:
        failed: 1
        conditions:
        - type: Failed
          reason: BackoffLimitExceeded
      """
    And job "broken-28928180" does not exist
    And job "broken-28928170" does not exist
    And there is an event "SawCompletedJob" for cronjob "broken" with message "Saw completed job: broken-28928170, condition: Failed"
    And cronjob "broken" does not match:
      """
      status:
        lastSuccessfulTime: "*"
      """

  Scenario: Forbid skips schedule times while a Job runs, then starts the missed one late
    When I apply the manifest:
      """
      apiVersion: batch/v1
      kind: CronJob
      metadata:
        name: backup
      spec:
        schedule: "*/5 * * * *"
        concurrencyPolicy: Forbid
        jobTemplate:
          spec:
            template:
              metadata:
                annotations:
                  sim.kubespec.io/exit-after: 12m
              spec:
                restartPolicy: Never
                containers:
                - name: app
                  image: busybox:1.36
      """
    And 16 minutes pass
    Then cronjob "backup" has 1 running pod
    And job "backup-28928165" exists
    And job "backup-28928170" does not exist
    And job "backup-28928175" does not exist
    And the events for cronjob "backup" include:
      | type   | reason           | message                                                                           |
      | Normal | SuccessfulCreate | Created job backup-28928165                                                       |
      | Normal | JobAlreadyActive | Not starting job because prior execution is running and concurrency policy is Forbid |
    # The first Job ends at about 00:17; the 00:15 run it blocked starts then.
    When 2 minutes pass
    Then job "backup-28928175" matches:
      """
      metadata:
        annotations:
          batch.kubernetes.io/cronjob-scheduled-timestamp: "2025-01-01T00:15:00Z"
      status:
        startTime: "2025-01-01T00:17:*"
      """
    And job "backup-28928170" does not exist
    And the pods of cronjob "backup" were created in the order "backup-28928165-*, backup-28928175-*"

  Scenario: startingDeadlineSeconds drops a run that could not start in time
    When I apply the manifest:
      """
      apiVersion: batch/v1
      kind: CronJob
      metadata:
        name: backup
      spec:
        schedule: "*/5 * * * *"
        concurrencyPolicy: Forbid
        startingDeadlineSeconds: 60
        jobTemplate:
          spec:
            template:
              metadata:
                annotations:
                  sim.kubespec.io/exit-after: 12m
              spec:
                restartPolicy: Never
                containers:
                - name: app
                  image: busybox:1.36
      """
    And 18 minutes pass
    # The first Job ended at about 00:17, more than 60 seconds after the 00:15 schedule time.
    Then job "backup-28928175" does not exist
    And cronjob "backup" has 0 running pods
    When 2 minutes pass
    Then within 1 second job "backup-28928180" exists
    And cronjob "backup" matches:
      """
      status:
        lastScheduleTime: "2025-01-01T00:20:00Z"
      """

  Scenario: Replace deletes the running Job and starts the new one
    When I apply the manifest:
      """
      apiVersion: batch/v1
      kind: CronJob
      metadata:
        name: sync
      spec:
        schedule: "*/5 * * * *"
        concurrencyPolicy: Replace
        jobTemplate:
          spec:
            template:
              metadata:
                annotations:
                  sim.kubespec.io/exit-after: 12m
              spec:
                restartPolicy: Never
                containers:
                - name: app
                  image: busybox:1.36
      """
    And 11 minutes pass
    Then job "sync-28928165" does not exist
    And job "sync-28928170" exists
    And cronjob "sync" has 1 running pod
    And cronjob "sync" matches:
      """
      status:
        active:
        - name: sync-28928170
      """
    And the events for cronjob "sync" include:
      | type   | reason           | message                   |
      | Normal | SuccessfulCreate | Created job sync-28928165 |
      | Normal | SuccessfulDelete | Deleted job sync-28928165 |
      | Normal | SuccessfulCreate | Created job sync-28928170 |

  Scenario: A suspended CronJob starts nothing; resumed two hours later it warns of the missed times and runs the latest
    When I apply the manifest:
      """
      apiVersion: batch/v1
      kind: CronJob
      metadata:
        name: minutely
      spec:
        schedule: "* * * * *"
        suspend: true
        jobTemplate:
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
    Then for 2 hours cronjob "minutely" has 0 running pods
    And there is no event "SuccessfulCreate" for cronjob "minutely"
    When I patch cronjob "minutely" with:
      """
      spec:
        suspend: false
      """
    Then job "minutely-28928280" exists
    And there is an event "TooManyMissedTimes" for cronjob "minutely" with message "too many missed start times: 120. Set or decrease .spec.startingDeadlineSeconds or check clock skew"
    And the events for cronjob "minutely" include:
      | type   | reason           | message                       |
      | Normal | SuccessfulCreate | Created job minutely-28928280 |
    And within 61 seconds job "minutely-28928281" exists

  Scenario: spec.timeZone places the schedule in that zone
    When I apply the manifest:
      """
      apiVersion: batch/v1
      kind: CronJob
      metadata:
        name: morning
      spec:
        schedule: "0 9 * * *"
        timeZone: Europe/Berlin
        jobTemplate:
          spec:
            template:
              spec:
                restartPolicy: Never
                containers:
                - name: app
                  image: busybox:1.36
      """
    # 09:00 in Berlin is 08:00 UTC in winter.
    And 7h59m pass
    Then job "morning-28928640" does not exist
    When 2 minutes pass
    Then job "morning-28928640" matches:
      """
      metadata:
        annotations:
          batch.kubernetes.io/cronjob-scheduled-timestamp: "2025-01-01T09:00:00+01:00"
      """
    And cronjob "morning" matches:
      """
      status:
        lastScheduleTime: "2025-01-01T08:00:00Z"
      """
