import type { Pod } from 'kubernetes-types/core/v1';
import type { EventRecorder } from '../client/event_recorder';
import type { Loop } from '../sim/loop';
import type { Rng } from '../sim/rng';
import type { Backoff } from './crash_backoff';
import type { ImagePuller } from './image_puller';
import type { HostLocalIpam } from './ipam';
import type { ProbeManager } from './prober';
import type { StatusManager } from './status_manager';
import type { TimerGroup } from './timer_group';

/** What a pod worker uses of its kubelet: the node's shared machinery. */
export interface KubeletContext {
  readonly nodeName: string;
  readonly hostIP: string;
  readonly loop: Loop;
  readonly rng: Rng;
  readonly epochMs: number;
  /** The node's machine timers (frozen while the node is down). */
  readonly timers: TimerGroup;
  readonly recorder: EventRecorder;
  readonly status: StatusManager;
  readonly prober: ProbeManager;
  readonly puller: ImagePuller;
  readonly ipam: HostLocalIpam;
  /** The kubelet's crash-loop back-off, shared by all its pods. */
  readonly backoff: Backoff;
  /**
   * The volume manager's WaitForAttachAndMount: every claim the pod's volumes name exists, is not
   * being deleted and is Bound. Until then the pod waits in ContainerCreating; the kubelet syncs
   * the pod again when one of its claims changes.
   */
  volumesReady(pod: Pod): boolean;
  /** The worker is done with its pod and can be dropped. */
  workerDone(uid: string): void;
}
