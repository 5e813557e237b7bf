import type { Container, Pod } from 'kubernetes-types/core/v1';
import type { CycleState } from '../../framework/cycle_state';
import type { Handle, PluginFactory, ScorePlugin } from '../../framework/interface';
import type { Status } from '../../framework/status';
import { MAX_NODE_SCORE, type ImageStateSummary, type NodeInfo } from '../../framework/types';

/**
 * ImageLocality (upstream pkg/scheduler/framework/plugins/imagelocality, v1.32; fact 64): prefer
 * nodes that already have the pod's images, weighted by image size and damped by how many nodes
 * have the image (spreading, against the "node heating" problem). Score-only: no cluster events.
 */
export const NAME = 'ImageLocality';

const MB = 1024 * 1024;
/** Below this the images are too small to matter (fact 64). */
export const MIN_THRESHOLD = 23 * MB;
/** The per-container cap; the pod's cap is this times its number of (init + regular) containers. */
export const MAX_CONTAINER_THRESHOLD = 1000 * MB;

/**
 * Upstream normalizedImageName: a reference without a tag (no `:` after the last `/`) gets
 * `:latest`, the form node.status.images[].names carry. Digests (`@sha256:…`) are kept as they are.
 */
export function normalizedImageName(name: string): string {
  if (name.lastIndexOf(':') <= name.lastIndexOf('/')) return name + ':latest';
  return name;
}

/** Upstream scaledImageScore: `int64(size × numNodes / totalNodes)` in float64, then truncated. */
function scaledImageScore(state: ImageStateSummary, totalNumNodes: number): number {
  const spread = state.numNodes / totalNumNodes;
  return Math.trunc(state.size * spread);
}

/** Upstream calculatePriority: clamp to [min, 1000 MiB × containers], then scale to 0–100 (integer). */
export function calculatePriority(sumScores: number, numContainers: number): number {
  const maxThreshold = MAX_CONTAINER_THRESHOLD * numContainers;
  if (sumScores < MIN_THRESHOLD) sumScores = MIN_THRESHOLD;
  else if (sumScores > maxThreshold) sumScores = maxThreshold;
  // `|| 0`: a pod without containers divides 0 by a negative range, and -0 is not the 0 upstream returns.
  return Math.trunc((MAX_NODE_SCORE * (sumScores - MIN_THRESHOLD)) / (maxThreshold - MIN_THRESHOLD)) || 0;
}

/** A pod's normalized image names, init containers first; parsed once per (frozen) pod. */
const imageNamesCache = new WeakMap<Pod, string[]>();

function podImageNames(pod: Pod): string[] {
  let names = imageNamesCache.get(pod);
  if (!names) {
    const all: Container[] = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
    names = all.map((c) => normalizedImageName(c.image ?? ''));
    imageNamesCache.set(pod, names);
  }
  return names;
}

/**
 * Fact 64 (current formula): Σ over init and regular containers whose image the node has of the
 * scaled image score, clamped and scaled by calculatePriority. `totalNumNodes` is the size of the
 * cycle's snapshot, as upstream.
 */
function nodeScore(names: readonly string[], nodeInfo: NodeInfo, totalNumNodes: number): number {
  const states = nodeInfo.imageStates;
  let sum = 0;
  for (let i = 0; i < names.length; i++) {
    const s = states.get(names[i]);
    if (s) sum += scaledImageScore(s, totalNumNodes);
  }
  return calculatePriority(sum, names.length);
}

export class ImageLocality implements ScorePlugin {
  constructor(private readonly handle: Handle) {}

  name(): string {
    return NAME;
  }

  /** Fact 64, see nodeScore. */
  score(_state: CycleState, pod: Pod, nodeInfo: NodeInfo): number | Status {
    return nodeScore(podImageNames(pod), nodeInfo, this.handle.snapshotSharedLister().list().length);
  }

  /** When no snapshot node has any of the pod's images, every node scores as one without them, at once. */
  scoreNodes(_state: CycleState, pod: Pod, nodes: readonly NodeInfo[], out: number[]): undefined {
    const names = podImageNames(pod);
    const lister = this.handle.snapshotSharedLister();
    const total = lister.list().length;
    if (!names.some((name) => lister.hasImage(name))) {
      const none = calculatePriority(0, names.length);
      for (let i = 0; i < nodes.length; i++) out[i] = none;
      return;
    }
    for (let i = 0; i < nodes.length; i++) out[i] = nodeScore(names, nodes[i], total);
  }

  scoreExtensions(): undefined {
    return undefined;
  }
}

export const create: PluginFactory = (_args: unknown, handle: Handle) => new ImageLocality(handle);
