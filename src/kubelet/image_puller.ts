import type { TimerGroup } from './timer_group';
import { imageKey } from './image_ref';

/** What an image weighs when the registry has no size for it: a typical slim application image. */
export const DEFAULT_IMAGE_SIZE_BYTES = 64 * 1024 * 1024;

export interface PulledImage {
  /** The name the node reports (`names` in node.status.images). */
  name: string;
  sizeBytes: number;
}

export interface PullResult {
  /** How long the pull itself took (virtual ms). */
  pullMs: number;
  /** From the request to the end, queueing behind other pulls included. */
  totalMs: number;
  sizeBytes: number;
}

interface Request {
  image: string;
  pullTimeMs: number;
  requestedAt: number;
  done: (r: PullResult) => void;
  cancelled: boolean;
}

/**
 * The node's images and its image puller (pkg/kubelet/images): serializeImagePulls is true by
 * default (fact 142), so pulls wait for each other in one queue. An image pulled once stays on the
 * node (no image garbage collection in the simulation). A queued pull whose image arrived in the
 * meantime completes at once, as the registry has nothing left to send.
 */
export class ImagePuller {
  private readonly present = new Map<string, PulledImage>();
  private readonly queue: Request[] = [];
  private busy = false;

  constructor(
    private readonly timers: TimerGroup,
    private readonly now: () => number,
    private readonly sizeOf: (image: string) => number,
    initial: readonly { name: string; sizeBytes: number }[],
    private readonly onImagesChanged: () => void,
  ) {
    for (const img of initial) this.present.set(imageKey(img.name), { name: img.name, sizeBytes: img.sizeBytes });
  }

  isPresent(image: string): boolean {
    return this.present.has(imageKey(image));
  }

  /** The node's images, largest first (the order the Images status setter reports). */
  images(): PulledImage[] {
    return [...this.present.values()].sort((a, b) => b.sizeBytes - a.sizeBytes);
  }

  /** Queues a pull; `done` is called when it finished. Returns a canceller (the pod went away). */
  pull(image: string, pullTimeMs: number, done: (r: PullResult) => void): () => void {
    const req: Request = { image, pullTimeMs, requestedAt: this.now(), done, cancelled: false };
    this.queue.push(req);
    this.next();
    return () => {
      req.cancelled = true;
    };
  }

  private next(): void {
    if (this.busy) return;
    const req = this.queue.shift();
    if (!req) return;
    if (req.cancelled) return this.next();
    this.busy = true;
    const start = this.now();
    const pullMs = this.isPresent(req.image) ? 0 : req.pullTimeMs;
    this.timers.schedule(
      pullMs,
      () => {
        this.busy = false;
        const key = imageKey(req.image);
        let img = this.present.get(key);
        if (!img) {
          img = { name: key, sizeBytes: this.sizeOf(req.image) };
          this.present.set(key, img);
          this.onImagesChanged();
        }
        if (!req.cancelled) req.done({ pullMs: this.now() - start, totalMs: this.now() - req.requestedAt, sizeBytes: img.sizeBytes });
        this.next();
      },
      { label: `kubelet image puller: ${req.image}` },
    );
  }

  /** Drops queued pulls (the kubelet stops). */
  clear(): void {
    this.queue.length = 0;
    this.busy = false;
  }
}
