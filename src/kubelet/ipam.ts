/**
 * The node's pod addresses (the host-local IPAM plugin over the node's podCIDR): each pod sandbox
 * gets the lowest free address from .2 (the bridge has .1) to .254, and gives it back when the
 * sandbox is stopped.
 */
export class HostLocalIpam {
  private readonly prefix: string;
  private readonly used = new Map<string, number>();
  private readonly byHost = new Set<number>();

  /** `cidr` is a /24 such as `10.244.1.0/24`. */
  constructor(readonly cidr: string) {
    this.prefix = cidr.replace(/\.\d+\/24$/, '.');
  }

  /** The address of `owner` (a pod UID), allocated now if it has none; undefined when the range is full. */
  allocate(owner: string): string | undefined {
    const have = this.used.get(owner);
    if (have !== undefined) return this.prefix + have;
    for (let host = 2; host <= 254; host++) {
      if (this.byHost.has(host)) continue;
      this.byHost.add(host);
      this.used.set(owner, host);
      return this.prefix + host;
    }
    return undefined;
  }

  release(owner: string): void {
    const host = this.used.get(owner);
    if (host === undefined) return;
    this.used.delete(owner);
    this.byHost.delete(host);
  }

  /** The message CNI's host-local plugin gives when the range is used up. */
  exhaustedMessage(): string {
    return `failed to allocate for range 0: no IP addresses available in range set: ${this.prefix}1-${this.prefix}254`;
  }
}
