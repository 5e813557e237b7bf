import type { SimBehaviour } from './sim_annotations';
import type { GroupTimer } from './timer_group';

/**
 * The simulated container runtime's view of one pod (what CRI's PodSandboxStatus and
 * ContainerStatus would answer): its sandbox, and per container name the latest instance and the
 * one before it (the kubelet keeps one dead container per container, so `lastState` can be shown).
 */

export type InstanceState = 'running' | 'exited';

/** One run of a container (a CRI container). */
export interface ContainerInstance {
  /** 64 hex digits; `containerd://<id>` in the status. */
  readonly id: string;
  readonly name: string;
  readonly init: boolean;
  /** The restart count it was created with (the CRI attempt). */
  readonly restartCount: number;
  /** The image of the spec it was created from. */
  readonly image: string;
  readonly behaviour: SimBehaviour;
  readonly startedAt: number;
  state: InstanceState;
  finishedAt?: number;
  exitCode?: number;
  /** containerd's reason: `Completed` for exit code 0, `Error` otherwise. */
  reason?: string;
  /** SIGTERM was sent: the instance is being stopped. */
  stopping: boolean;
  /** Its lifecycle timers (exit-after, SIGKILL, ready-after-start-delay), cancelled when it exits. */
  readonly timers: GroupTimer[];
  /** Called once when it exits. */
  readonly onExit: Array<() => void>;
}

export interface Sandbox {
  readonly id: string;
  readonly ips: readonly string[];
  ready: boolean;
}

/** Exit codes of a process that ends by a signal (128 + signal number). */
export const EXIT_SIGTERM = 143;
export const EXIT_SIGKILL = 137;

export class PodRuntime {
  sandbox?: Sandbox;
  /** Per container name, newest first, at most two. */
  private readonly instances = new Map<string, ContainerInstance[]>();

  add(inst: ContainerInstance): void {
    const list = this.instances.get(inst.name) ?? [];
    list.unshift(inst);
    if (list.length > 2) list.length = 2;
    this.instances.set(inst.name, list);
  }

  latest(name: string): ContainerInstance | undefined {
    return this.instances.get(name)?.[0];
  }

  /** The instance before the latest (its state becomes `lastState`). */
  previous(name: string): ContainerInstance | undefined {
    return this.instances.get(name)?.[1];
  }

  /** The newest instance that has exited (what doBackOff measures from). */
  latestExited(name: string): ContainerInstance | undefined {
    return this.instances.get(name)?.find((i) => i.state === 'exited');
  }

  running(): ContainerInstance[] {
    const out: ContainerInstance[] = [];
    for (const list of this.instances.values()) if (list[0]?.state === 'running') out.push(list[0]);
    return out;
  }

  hasInstances(): boolean {
    return this.instances.size > 0;
  }

  /** Ends an instance: it is exited from `now` with `exitCode`; its timers stop and its exit callbacks run. */
  static exit(inst: ContainerInstance, now: number, exitCode: number): void {
    if (inst.state !== 'running') return;
    inst.state = 'exited';
    inst.finishedAt = now;
    inst.exitCode = exitCode;
    inst.reason = exitCode === 0 ? 'Completed' : 'Error';
    for (const t of inst.timers.splice(0)) t.cancel();
    for (const fn of inst.onExit.splice(0)) fn();
  }
}
