/**
 * The snapshot's per-node resource numbers, column by column: one Float64Array per quantity, one
 * row per snapshot node. Filter (NodeResourcesFit) and the resource scorers read a node's
 * allocatable and requested amounts for every node of every cycle; from a NodeInfo they are six
 * pointer hops into objects spread over the heap (memory amounts are boxed numbers), from here
 * they are adjacent numbers. Nothing upstream corresponds: Go keeps the same numbers inline in its
 * NodeInfo structs.
 *
 * Contract: a row holds exactly what its NodeInfo's `allocatable`, `requested`,
 * `nonZeroRequested` and `pods.length` held when the Snapshot wrote it. A NodeInfo points here
 * (`NodeInfo.columns`) only while that is true: the Snapshot attaches it after writing the row,
 * and every NodeInfo mutator detaches it, so readers may take either source and get the same
 * numbers. Scalar (extended) resources are not in columns; readers take them from the NodeInfo.
 */
export class ResourceColumns {
  allocatableMilliCPU = new Float64Array(0);
  allocatableMemory = new Float64Array(0);
  allocatableEphemeralStorage = new Float64Array(0);
  allocatablePods = new Float64Array(0);
  requestedMilliCPU = new Float64Array(0);
  requestedMemory = new Float64Array(0);
  requestedEphemeralStorage = new Float64Array(0);
  nonZeroMilliCPU = new Float64Array(0);
  nonZeroMemory = new Float64Array(0);
  podCount = new Float64Array(0);
  private rows = 0;
  private readonly free: number[] = [];

  /** A row for a new node: a released one if any, else the next, the columns growing by doubling. */
  acquire(): number {
    const reused = this.free.pop();
    if (reused !== undefined) return reused;
    const row = this.rows++;
    if (row >= this.allocatablePods.length) this.grow(Math.max(16, row * 2));
    return row;
  }

  /** Gives a deleted node's row back. */
  release(row: number): void {
    this.free.push(row);
  }

  /** Copies `ni`'s numbers into `row`. */
  write(row: number, ni: ResourceSource): void {
    const a = ni.allocatable;
    const r = ni.requested;
    const nz = ni.nonZeroRequested;
    this.allocatableMilliCPU[row] = a.milliCPU;
    this.allocatableMemory[row] = a.memory;
    this.allocatableEphemeralStorage[row] = a.ephemeralStorage;
    this.allocatablePods[row] = a.allowedPodNumber;
    this.requestedMilliCPU[row] = r.milliCPU;
    this.requestedMemory[row] = r.memory;
    this.requestedEphemeralStorage[row] = r.ephemeralStorage;
    this.nonZeroMilliCPU[row] = nz.milliCPU;
    this.nonZeroMemory[row] = nz.memory;
    this.podCount[row] = ni.pods.length;
  }

  private grow(capacity: number): void {
    const resize = (old: Float64Array) => {
      const next = new Float64Array(capacity);
      next.set(old);
      return next;
    };
    this.allocatableMilliCPU = resize(this.allocatableMilliCPU);
    this.allocatableMemory = resize(this.allocatableMemory);
    this.allocatableEphemeralStorage = resize(this.allocatableEphemeralStorage);
    this.allocatablePods = resize(this.allocatablePods);
    this.requestedMilliCPU = resize(this.requestedMilliCPU);
    this.requestedMemory = resize(this.requestedMemory);
    this.requestedEphemeralStorage = resize(this.requestedEphemeralStorage);
    this.nonZeroMilliCPU = resize(this.nonZeroMilliCPU);
    this.nonZeroMemory = resize(this.nonZeroMemory);
    this.podCount = resize(this.podCount);
  }
}

/** What a row is written from (a NodeInfo). */
export interface ResourceSource {
  readonly allocatable: ResourceAmounts;
  readonly requested: ResourceAmounts;
  readonly nonZeroRequested: ResourceAmounts;
  readonly pods: { readonly length: number };
}

interface ResourceAmounts {
  readonly milliCPU: number;
  readonly memory: number;
  readonly ephemeralStorage: number;
  readonly allowedPodNumber: number;
}
