/**
 * `ValidateServiceUpdate`: allocated cluster IPs and IP families may grow to dual-stack or shrink
 * back, but never change; the load balancer class and the health-check node port are fixed.
 *
 * Upstream validates after the Service registry's BeginUpdate has run `patchAllocatedValues`
 * (an omitted clusterIP/clusterIPs/healthCheckNodePort keeps the allocated one) and
 * `NormalizeClusterIPs` (the singular and plural fields kept in step). Validation here applies the
 * same two steps to its view of the new object, so a PUT that omits them is judged as upstream
 * judges it; storing the patched values is the API server's business.
 */
import { type FieldError, GoValue, forbidden, goQuote, invalid } from './errors';
import { type J, asList, isInt, specOf, str } from './json';
import { semanticEqual } from './semantic';

interface IPView {
  type: string;
  clusterIP: string;
  clusterIPs: string[];
  /** The list was cleared (nil) rather than sent empty. */
  nilIPs: boolean;
}

const needsClusterIP = (type: string): boolean => type !== 'ExternalName';
const isHeadless = (v: IPView): boolean => v.clusterIPs.length === 1 && v.clusterIPs[0] === 'None';
const ipList = (ips: string[], nil: boolean): GoValue =>
  new GoValue(ips.length === 0 && nil ? '[]string(nil)' : `[]string{${ips.map(goQuote).join(', ')}}`);

/** The stored service as validation sees it: create normalized clusterIPs from a lone clusterIP. */
function storedView(spec: J): IPView {
  const clusterIP = str(spec.clusterIP);
  const list = asList(spec.clusterIPs).map(str);
  const clusterIPs = list.length === 0 && clusterIP ? [clusterIP] : list;
  return { type: str(spec.type), clusterIP, clusterIPs, nilIPs: !Array.isArray(spec.clusterIPs) };
}

/** patchAllocatedValues + NormalizeClusterIPs of the registry's update path. */
function updatedView(spec: J, old: IPView): IPView {
  const v: IPView = { type: str(spec.type), clusterIP: str(spec.clusterIP), clusterIPs: asList(spec.clusterIPs).map(str), nilIPs: !Array.isArray(spec.clusterIPs) };
  if (needsClusterIP(old.type) && needsClusterIP(v.type)) {
    if (!v.clusterIP) v.clusterIP = old.clusterIP;
    if (v.clusterIPs.length === 0 && old.clusterIPs.length > 0) [v.clusterIPs, v.nilIPs] = [old.clusterIPs, false];
  }
  if (old.clusterIPs.length > 0 && v.clusterIPs.length === 0 && old.clusterIP === v.clusterIP) [v.clusterIPs, v.nilIPs] = [old.clusterIPs, false];
  const sameIPs = semanticEqual(old.clusterIPs, v.clusterIPs);
  if (old.clusterIP !== v.clusterIP) {
    if (old.clusterIP && !v.clusterIP) {
      if (sameIPs) [v.clusterIPs, v.nilIPs] = [[], true];
    } else if (sameIPs) {
      [v.clusterIPs, v.nilIPs] = [[v.clusterIP], false];
    }
  }
  return v;
}

function validateUpgradeDowngradeClusterIPs(old: IPView, now: IPView, policy: unknown): FieldError[] {
  if (now.type === 'ExternalName' || old.type === 'ExternalName') return [];
  if (isHeadless(old) && isHeadless(now)) return [];
  const errs: FieldError[] = [];
  const value = ipList(now.clusterIPs, now.nilIPs);
  const [o, n] = [old.clusterIPs, now.clusterIPs];
  if (o.length === n.length) {
    o.forEach((ip, i) => {
      if (ip !== n[i]) errs.push(invalid(`spec.clusterIPs[${i}]`, value, 'may not change once set'));
    });
  } else if (o.length > n.length) {
    if (n.length === 0) errs.push(invalid('spec.clusterIPs[0]', value, 'primary clusterIP can not be unset'));
    if (o.length > 0 && n.length > 0 && n[0] !== o[0]) errs.push(invalid('spec.clusterIPs[0]', value, 'may not change once set'));
    if (n.length === 1 && policy !== 'SingleStack') {
      errs.push(invalid('spec.ipFamilyPolicy', policy ?? undefined, "must be set to 'SingleStack' when releasing the secondary clusterIP"));
    }
  } else if (o.length > 0 && n[0] !== o[0]) {
    errs.push(invalid('spec.clusterIPs[0]', value, 'may not change once set'));
  }
  return errs;
}

function validateUpgradeDowngradeIPFamilies(old: IPView, now: IPView, oldSpec: J, spec: J): FieldError[] {
  if (now.type === 'ExternalName' || old.type === 'ExternalName') return [];
  if (isHeadless(old) !== isHeadless(now) || isHeadless(now)) return [];
  const o = asList(oldSpec.ipFamilies).map(str);
  const n = asList(spec.ipFamilies).map(str);
  const families = new GoValue(Array.isArray(spec.ipFamilies) ? `[]core.IPFamily{${n.map(goQuote).join(', ')}}` : '[]core.IPFamily(nil)');
  // Upstream reports the clusterIPs, not the families, in two of these.
  const ips = ipList(now.clusterIPs, now.nilIPs);
  const errs: FieldError[] = [];
  if (o.length === n.length) {
    o.forEach((f, i) => {
      if (f !== n[i]) errs.push(invalid('spec.ipFamilies[0]', families, 'may not change once set'));
    });
  } else if (o.length > n.length) {
    if (now.clusterIPs.length === 0) errs.push(invalid('spec.ipFamilies[0]', families, 'primary ipFamily can not be unset'));
    if (n.length > 0 && n[0] !== o[0]) errs.push(invalid('spec.ipFamilies[0]', ips, 'may not change once set'));
    if (n.length === 1 && spec.ipFamilyPolicy !== 'SingleStack') {
      errs.push(invalid('spec.ipFamilyPolicy', spec.ipFamilyPolicy ?? undefined, "must be set to 'SingleStack' when releasing the secondary ipFamily"));
    }
  } else if (o.length > 0 && n.length > 0 && n[0] !== o[0]) {
    errs.push(invalid('spec.ipFamilies[0]', ips, 'may not change once set'));
  }
  return errs;
}

/** apiservice.NeedsHealthCheck: a LoadBalancer with externalTrafficPolicy Local. */
const needsHealthCheck = (spec: J): boolean => spec.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local';

export function validateServiceUpdate(svc: J, old: J): FieldError[] {
  const spec = specOf(svc);
  const oldSpec = specOf(old);
  const before = storedView(oldSpec);
  const now = updatedView(spec, before);
  const errs = validateUpgradeDowngradeClusterIPs(before, now, spec.ipFamilyPolicy);
  errs.push(...validateUpgradeDowngradeIPFamilies(before, now, oldSpec, spec));
  if (oldSpec.type === 'LoadBalancer' && spec.type === 'LoadBalancer' && str(oldSpec.loadBalancerClass) !== str(spec.loadBalancerClass)) {
    errs.push(invalid('spec.loadBalancerClass', typeof spec.loadBalancerClass === 'string' ? spec.loadBalancerClass : undefined, 'may not change once set'));
  }
  if (needsHealthCheck(oldSpec) && needsHealthCheck(spec)) {
    const port = (s: J): number => (isInt(s.healthCheckNodePort) ? s.healthCheckNodePort : 0);
    // patchAllocatedValues keeps the allocated port when the update omits it.
    const newPort = port(spec) || port(oldSpec);
    if (newPort !== port(oldSpec)) errs.push(forbidden('spec.healthCheckNodePort', 'field is immutable'));
  }
  return errs;
}
