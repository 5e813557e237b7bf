/**
 * A pod's QoS class as pod update validation needs it (`qos.ComputePodQOS` of
 * `pkg/apis/core/helper/qos`, v1.32, pod-level resources off).
 */
import { type Quantity, addQuantity, compareQuantity, sign } from '../quantity';
import { type J, asObj, objs, specOf } from './json';
import { toQuantity } from './numeric';

const QOS_RESOURCES = ['cpu', 'memory'];

/** Adds the positive cpu/memory quantities of `list` into `into`; returns the names it found. */
function processResourceList(into: Map<string, Quantity>, list: unknown): Set<string> {
  const found = new Set<string>();
  for (const [name, raw] of Object.entries(asObj(list) ?? {})) {
    if (!QOS_RESOURCES.includes(name)) continue;
    const { q } = toQuantity(raw);
    if (!q || sign(q) <= 0) continue;
    found.add(name);
    const prev = into.get(name);
    into.set(name, prev ? addQuantity(q, prev) : q);
  }
  return found;
}

/** `qos.ComputePodQOS`: BestEffort, Guaranteed or Burstable from the containers' requests and limits. */
export function computePodQOS(pod: J): string {
  const spec = specOf(pod);
  const requests = new Map<string, Quantity>();
  const limits = new Map<string, Quantity>();
  let guaranteed = true;
  for (const c of [...objs(spec.containers), ...objs(spec.initContainers)]) {
    const resources = asObj(c.resources) ?? {};
    processResourceList(requests, resources.requests);
    const limited = processResourceList(limits, resources.limits);
    if (!QOS_RESOURCES.every((r) => limited.has(r))) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    for (const [name, req] of requests) {
      const lim = limits.get(name);
      if (!lim || compareQuantity(lim, req) !== 0) {
        guaranteed = false;
        break;
      }
    }
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}
