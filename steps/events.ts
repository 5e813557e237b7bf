import type { DataTable } from '@cucumber/cucumber';
import { assertion } from './support/assertion';
import type { KubespecWorld } from './support/world';

assertion(
  'the pods of {kind} {ref} were created in the order {string}',
  { section: 'History and events', example: 'the pods of statefulset "web" were created in the order "web-0, web-1, web-2"', doc: 'Comma-separated pod names, repeats allowed, `*` matching any run of characters (generated suffixes: `"pi-*, pi-*"`); counts every creation since the scenario started. A CronJob\'s pods are its Jobs\' pods.' },
  function (this: KubespecWorld, kind: string, ref: string, order: string) {
    return this.driver.checkPodOrder(kind, ref, order, 'create');
  },
);

assertion(
  'the pods of {kind} {ref} were deleted in the order {string}',
  { section: 'History and events', example: 'the pods of statefulset "web" were deleted in the order "web-2, web-1"' },
  function (this: KubespecWorld, kind: string, ref: string, order: string) {
    return this.driver.checkPodOrder(kind, ref, order, 'delete');
  },
);

assertion(
  'there is an event {string} for {kind} {ref}',
  { section: 'History and events', example: 'there is an event "OwnerRefInvalidNamespace" for pod "orphan"', doc: 'By reason.' },
  function (this: KubespecWorld, reason: string, kind: string, ref: string) {
    return this.driver.checkEvent(reason, kind, ref, undefined, true);
  },
);

assertion(
  'there is no event {string} for {kind} {ref}',
  { section: 'History and events', example: 'there is no event "FailedScheduling" for pod "web"' },
  function (this: KubespecWorld, reason: string, kind: string, ref: string) {
    return this.driver.checkEvent(reason, kind, ref, undefined, false);
  },
);

assertion(
  'there is an event {string} for {kind} {ref} with message {string}',
  { section: 'History and events', example: 'there is an event "Scheduled" for pod "web" with message "Successfully assigned default/web to *"', doc: 'The message is exact; `*` matches any text.' },
  function (this: KubespecWorld, reason: string, kind: string, ref: string, message: string) {
    return this.driver.checkEvent(reason, kind, ref, message, true);
  },
);

assertion(
  'the events for {kind} {ref} include:',
  {
    section: 'History and events',
    argument: 'table',
    example: 'the events for pod "web" include:\n  | type   | reason    |\n  | Normal | Scheduled |',
    doc: 'Table `type | reason | message`, any subset of the columns.',
  },
  function (this: KubespecWorld, kind: string, ref: string, table: DataTable) {
    return this.driver.checkEventsInclude(kind, ref, table.hashes());
  },
);
