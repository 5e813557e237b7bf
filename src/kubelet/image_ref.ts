import { createHash } from 'node:crypto';
import type { Rng } from '../sim/rng';

/**
 * Image references as the container runtime (containerd) reports them, after the docker reference
 * grammar (github.com/distribution/reference ParseNormalizedNamed):
 * - a first path component with a `.` or `:`, or `localhost`, is a registry; otherwise the image is
 *   on docker.io, and a single-component name lives under `library/`;
 * - a name without tag or digest means `:latest`.
 */

export interface ImageReference {
  /** `docker.io/library/nginx` */
  repository: string;
  /** `1.25`, or undefined when the reference has a digest and no tag */
  tag?: string;
  /** `sha256:...` when the reference pins a digest */
  digest?: string;
}

export function parseImageReference(image: string): ImageReference {
  let rest = image;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.indexOf(':', lastSlash + 1);
  if (colon >= 0) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const parts = rest.split('/');
  const first = parts[0];
  const hasRegistry = parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost');
  let repository: string;
  if (hasRegistry) repository = rest;
  else if (parts.length === 1) repository = `docker.io/library/${rest}`;
  else repository = `docker.io/${rest}`;
  if (!tag && !digest) tag = 'latest';
  return { repository, tag, digest };
}

/** What containerd reports as a container's image: `docker.io/library/nginx:1.25`. */
export function normalizedImageName(image: string): string {
  const r = parseImageReference(image);
  return r.digest ? `${r.repository}@${r.digest}` : `${r.repository}:${r.tag}`;
}

/**
 * The image's digest reference (containerStatuses[].imageID): the registry would give the
 * manifest's digest; the simulated registry derives it from the normalized name, so one image has
 * one digest everywhere and on every run.
 */
export function imageID(image: string): string {
  const r = parseImageReference(image);
  const digest = r.digest ?? `sha256:${createHash('sha256').update(normalizedImageName(image)).digest('hex')}`;
  return `${r.repository}@${digest}`;
}

/**
 * The name an image is known by on a node and looked up by (ImageLocality's normalizedImageName):
 * the reference as written, with `:latest` added when it has neither tag nor digest.
 */
export function imageKey(image: string): string {
  const lastSlash = image.lastIndexOf('/');
  return image.includes(':', lastSlash + 1) || image.includes('@') ? image : `${image}:latest`;
}

/** A container or sandbox ID as containerd makes them: 64 hex digits (here from the seeded RNG). */
export function runtimeID(rng: Rng): string {
  return rng.string(64, '0123456789abcdef');
}
