import type { Node } from 'kubernetes-types/core/v1';

/**
 * Upstream utilnode.GetZoneKey: "<region>:\0:<zone>" from the topology labels (the deprecated
 * failure-domain.beta ones first), or '' when the node has neither.
 */
export function zoneKey(node: Node): string {
  const labels = node.metadata?.labels;
  if (!labels) return '';
  const zone = labels['failure-domain.beta.kubernetes.io/zone'] ?? labels['topology.kubernetes.io/zone'] ?? '';
  const region = labels['failure-domain.beta.kubernetes.io/region'] ?? labels['topology.kubernetes.io/region'] ?? '';
  if (region === '' && zone === '') return '';
  return `${region}:\x00:${zone}`;
}

/**
 * Node names grouped by zone (upstream backend/cache/node_tree.go). `list()` interleaves the zones
 * round-robin — the first node of each zone, then the second of each, ... — so that a scan that
 * stops early (percentageOfNodesToScore) still spreads over zones. Zones and nodes keep the order
 * they were added in.
 */
export class NodeTree {
  private readonly tree = new Map<string, string[]>();
  private zones: string[] = [];
  numNodes = 0;

  addNode(node: Node): void {
    const zone = zoneKey(node);
    const name = node.metadata?.name ?? '';
    const names = this.tree.get(zone);
    if (names) {
      if (names.includes(name)) return;
      names.push(name);
    } else {
      this.zones.push(zone);
      this.tree.set(zone, [name]);
    }
    this.numNodes++;
  }

  /** Removes the node from its zone; an error when it is not there. */
  removeNode(node: Node): Error | undefined {
    const zone = zoneKey(node);
    const name = node.metadata?.name ?? '';
    const names = this.tree.get(zone);
    const i = names ? names.indexOf(name) : -1;
    if (!names || i < 0) return new Error(`node "${name}" in group "${zone}" was not found`);
    names.splice(i, 1);
    if (names.length === 0) {
      this.tree.delete(zone);
      this.zones = this.zones.filter((z) => z !== zone);
    }
    this.numNodes--;
    return undefined;
  }

  /** Moves the node when its zone changed (a node's name never changes). */
  updateNode(oldNode: Node | undefined, newNode: Node): void {
    const oldZone = oldNode ? zoneKey(oldNode) : '';
    if (oldZone === zoneKey(newNode)) return;
    if (oldNode) this.removeNode(oldNode);
    this.addNode(newNode);
  }

  /** The node names, zones interleaved round-robin. */
  list(): string[] {
    const out: string[] = [];
    if (this.zones.length === 0) return out;
    const lists = this.zones.map((z) => this.tree.get(z)!);
    for (let i = 0; out.length < this.numNodes; i++) {
      let any = false;
      for (const names of lists) {
        if (i < names.length) {
          out.push(names[i]);
          any = true;
        }
      }
      if (!any) break;
    }
    return out;
  }
}
