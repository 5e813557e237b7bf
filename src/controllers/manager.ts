import type { Controller } from './controller';

/**
 * kube-controller-manager: starts its controllers in order and stops them in reverse. Leader
 * election comes with the control-plane HA work; until then the manager always leads.
 */
export class ControllerManager {
  private readonly controllers: Controller[] = [];
  private running = false;

  add(c: Controller): this {
    this.controllers.push(c);
    if (this.running) c.start();
    return this;
  }

  get names(): string[] {
    return this.controllers.map((c) => c.name);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    for (const c of this.controllers) c.start();
  }

  stop(): void {
    if (!this.running) return;
    this.running = false;
    for (const c of [...this.controllers].reverse()) c.stop();
  }
}
