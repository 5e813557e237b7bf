import { setWorldConstructor, World } from '@cucumber/cucumber';
import type { IWorldOptions } from '@cucumber/cucumber';
import { ScenarioDriver } from '../../src/dsl/driver';
import type { ReportSource } from '../../src/report/types';

export interface KubespecParameters {
  /** `kubespec run --seed N`; a scenario may override it with `Given the random seed is N`. */
  seed?: number;
}

/**
 * One World per scenario, so nothing leaks between scenarios: it owns the scenario's driver (and
 * through it the simulated cluster, started on first use). Steps call one driver method each.
 */
export class KubespecWorld extends World<KubespecParameters> {
  readonly driver: ScenarioDriver;

  constructor(options: IWorldOptions<KubespecParameters>) {
    super(options);
    const seed = Number(options.parameters?.seed ?? process.env.KUBESPEC_SEED ?? 1);
    this.driver = new ScenarioDriver(Number.isFinite(seed) ? seed : 1);
  }

  reportSource(): ReportSource {
    return this.driver;
  }
}

setWorldConstructor(KubespecWorld);
