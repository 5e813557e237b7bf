import { FeatureGates } from '../api/feature_gates';
import type { ResourceRegistry } from '../api/resources';
import { EventRecorder } from '../client/event_recorder';
import { SharedInformerFactory } from '../client/informer_factory';
import type { Client } from '../client/types';
import type { Loop } from '../sim/loop';
import type { Rng } from '../sim/rng';

/**
 * What kube-controller-manager hands each controller (upstream's ControllerContext): one shared
 * informer factory, a client per controller identity, and event recorders.
 */
export class ControllerContext {
  readonly informers: SharedInformerFactory;

  constructor(
    private readonly clientFor: (user: string) => Client,
    readonly loop: Loop,
    readonly rng: Rng,
    readonly registry: ResourceRegistry,
    readonly epochMs: number,
    readonly featureGates: FeatureGates = FeatureGates.defaults(),
  ) {
    this.informers = new SharedInformerFactory(clientFor('kube-controller-manager'), loop, { rng });
  }

  /** A client acting as the named controller (`generic-garbage-collector`, ...). */
  client(name: string): Client {
    return this.clientFor(name);
  }

  recorder(component: string): EventRecorder {
    return new EventRecorder(this.client(component), this.loop, { component }, { epochMs: this.epochMs, rng: this.rng });
  }
}
