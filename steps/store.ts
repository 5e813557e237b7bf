import type { DataTable } from '@cucumber/cucumber';
import { step } from './support/define';
import { assertion } from './support/assertion';
import type { KubespecWorld } from './support/world';

step<KubespecWorld>(
  'When',
  'I watch {kind}',
  { section: 'Other', example: 'When I watch configmaps', doc: 'Records the watch events of the resource in every namespace, starting with the objects that exist now (ADDED), as a watch without a resourceVersion does.' },
  function (kind: string) {
    this.driver.watch(kind);
  },
);

step<KubespecWorld>(
  'When',
  'I watch {kind} from the beginning',
  { section: 'Other', example: 'When I watch configmaps from the beginning', doc: 'A watch from the first resourceVersion: replays the history of the resource since the cluster started, then goes on live.' },
  function (kind: string) {
    this.driver.watch(kind, { fromBeginning: true });
  },
);

step<KubespecWorld>(
  'When',
  'I watch {kind} with label selector {string}',
  { section: 'Other', example: 'When I watch pods with label selector "app=web"', doc: 'Objects that stop matching the selector arrive as DELETED, objects that start matching as ADDED.' },
  function (kind: string, selector: string) {
    this.driver.watch(kind, { labelSelector: selector });
  },
);

step<KubespecWorld>('When', 'the store is compacted', { section: 'Other', example: 'When the store is compacted', doc: 'Compacts the store at its current revision; older revisions can no longer be read or watched.' }, function () {
  this.driver.compact();
});

assertion(
  'the watch received:',
  {
    section: 'Other',
    argument: 'table',
    example: 'the watch received:\n  | type     | name     |\n  | ADDED    | settings |\n  | MODIFIED | settings |',
    doc: 'Every event of the last `When I watch ...`, in order: table `type | name | message` (any subset of columns; `message` is an ERROR event\'s Status message).',
  },
  function (this: KubespecWorld, table: DataTable) {
    return this.driver.checkWatch(table.hashes());
  },
);
