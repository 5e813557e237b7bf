import { step } from './support/define';
import type { KubespecWorld } from './support/world';

step<KubespecWorld>('When', '{duration} pass(es)', { section: 'Time', example: 'When 6 minutes pass', doc: 'Moves virtual time forward, running everything that falls due.' }, function (d: string) {
  this.driver.pass(d);
});

step<KubespecWorld>('When', 'the cluster settles', { section: 'Time', example: 'When the cluster settles', doc: 'Runs until no progress is pending (heartbeats and other background work excluded), at most 5 virtual minutes.' }, function () {
  this.driver.settle();
});

step<KubespecWorld>('Given', 'the eventually timeout is {duration}', { section: 'Time', example: 'Given the eventually timeout is 2 minutes', doc: 'Default 10 minutes.' }, function (d: string) {
  this.driver.setEventuallyTimeout(d);
});
