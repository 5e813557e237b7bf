import type { NodeSpec } from './node_spec';

/** What an image weighs when no scenario says: a typical slim application image. */
export const DEFAULT_IMAGE_SIZE_BYTES = 64 * 1024 * 1024;

/**
 * The simulated container registry: how large each image is when a kubelet pulls it. A size given
 * for an image on any node (`images` column of the nodes table) is the image's size everywhere, so
 * a node that pulls it later reports the same size to ImageLocality; other images weigh
 * DEFAULT_IMAGE_SIZE_BYTES.
 */
export class ImageRegistry {
  private readonly sizes = new Map<string, number>();

  learn(spec: NodeSpec): void {
    for (const img of spec.images ?? []) if (!this.sizes.has(normalize(img.name))) this.sizes.set(normalize(img.name), img.sizeBytes);
  }

  size(image: string): number {
    return this.sizes.get(normalize(image)) ?? DEFAULT_IMAGE_SIZE_BYTES;
  }
}

/** `nginx` and `nginx:latest` are one image (the tag defaults to latest, as in ImageLocality). */
function normalize(image: string): string {
  const lastSlash = image.lastIndexOf('/');
  return image.includes(':', lastSlash + 1) || image.includes('@') ? image : `${image}:latest`;
}
