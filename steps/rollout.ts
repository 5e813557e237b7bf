import { assertion } from './support/assertion';
import { step } from './support/define';
import type { KubespecWorld } from './support/world';

// kubectl rollout undo / pause / resume / restart, and rollout status as an assertion.

step<KubespecWorld>(
  'When',
  'I undo the rollout of {kind} {ref}',
  { section: 'Objects', example: 'When I undo the rollout of deployment "web"', doc: '`kubectl rollout undo`: back to the revision before the latest (a Deployment takes that ReplicaSet\'s template; a StatefulSet or DaemonSet that ControllerRevision\'s). A paused deployment or one without history is an error, as in kubectl.' },
  function (kind: string, ref: string) {
    this.driver.undoRollout(kind, ref);
  },
);

step<KubespecWorld>(
  'When',
  'I undo the rollout of {kind} {ref} to revision {int}',
  { section: 'Objects', example: 'When I undo the rollout of deployment "web" to revision 1', doc: '`kubectl rollout undo --to-revision=N`; skipped when the template already is revision N\'s.' },
  function (kind: string, ref: string, revision: number) {
    this.driver.undoRollout(kind, ref, revision);
  },
);

step<KubespecWorld>('When', 'I pause the rollout of {kind} {ref}', { section: 'Objects', example: 'When I pause the rollout of deployment "web"', doc: '`kubectl rollout pause`: sets `spec.paused`; template changes wait, scaling still happens.' }, function (kind: string, ref: string) {
  this.driver.pauseRollout(kind, ref, true);
});

step<KubespecWorld>('When', 'I resume the rollout of {kind} {ref}', { section: 'Objects', example: 'When I resume the rollout of deployment "web"', doc: '`kubectl rollout resume`: clears `spec.paused`.' }, function (kind: string, ref: string) {
  this.driver.pauseRollout(kind, ref, false);
});

step<KubespecWorld>(
  'When',
  'I restart the rollout of {kind} {ref}',
  { section: 'Objects', example: 'When I restart the rollout of deployment "web"', doc: '`kubectl rollout restart`: sets the template annotation `kubectl.kubernetes.io/restartedAt` to the virtual now, which rolls every pod.' },
  function (kind: string, ref: string) {
    this.driver.restartRollout(kind, ref);
  },
);

assertion(
  'the rollout of deployment {ref} is complete',
  { section: 'State assertions', example: 'the rollout of deployment "web" is complete', doc: '`kubectl rollout status` would finish: the generation observed, every replica updated and available, no old replica left. On failure it shows what kubectl prints.' },
  function (this: KubespecWorld, ref: string) {
    return this.driver.checkRolloutComplete(ref);
  },
);
