/** Services (`ValidateService`): ports, cluster IPs, session affinity, traffic policies. */
import { type FieldError, GoValue, duplicate, forbidden, goQuote, invalid, notSupported, required } from './errors';
import { IP_ERROR, isValidIP } from './formats';
import { type J, asList, asObj, isInt, objs, specOf, str } from './json';
import { validateLabels } from './labels';
import { validateDNS1123Label, validateDNS1123Subdomain, validateQualifiedName } from './names';
import { child, index } from './paths';
import { SUPPORTED_PORT_PROTOCOLS, isValidPortNum, validatePortNumOrName } from './ports';

const SUPPORTED_SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];

/** Go's `%#v` of the (protocol, port) key upstream reports for a duplicate Service port. */
const servicePortKey = (protocol: string, port: unknown): GoValue =>
  new GoValue(
    `core.ServicePort{Name:"", Protocol:${goQuote(protocol)}, AppProtocol:(*string)(nil), Port:${isInt(port) ? port : 0}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`,
  );

export function validateService(svc: J): FieldError[] {
  const spec = specOf(svc);
  const errs: FieldError[] = [];
  const type = str(spec.type);
  const clusterIPs = asList(spec.clusterIPs).map(str);
  const clusterIP = clusterIPs[0] ?? str(spec.clusterIP);
  const headless = clusterIP === 'None';
  const ports = objs(spec.ports);
  if (ports.length === 0 && !headless && type !== 'ExternalName') errs.push(required('spec.ports'));
  if (type === 'LoadBalancer' && headless) errs.push(invalid('spec.clusterIPs[0]', clusterIP, "may not be set to 'None' for LoadBalancer services"));
  if (type === 'NodePort' && headless) errs.push(invalid('spec.clusterIPs[0]', clusterIP, "may not be set to 'None' for NodePort services"));
  if (type === 'ExternalName') {
    if (clusterIP) errs.push(forbidden('spec.clusterIPs', 'may not be set for ExternalName services'));
    const cname = str(spec.externalName).replace(/\.$/, '');
    if (cname) errs.push(...validateDNS1123Subdomain(cname, 'spec.externalName'));
    else errs.push(required('spec.externalName'));
  } else if (clusterIP && clusterIP !== 'None' && !isValidIP(clusterIP)) {
    errs.push(invalid('spec.clusterIPs[0]', clusterIP, IP_ERROR));
  }
  const portNames = new Set<string>();
  ports.forEach((port, i) => {
    const p = index('spec.ports', i);
    const name = str(port.name);
    if (ports.length > 1 && !name) errs.push(required(child(p, 'name')));
    else if (name) {
      errs.push(...validateDNS1123Label(name, child(p, 'name')));
      if (portNames.has(name)) errs.push(duplicate(child(p, 'name'), name));
      else portNames.add(name);
    }
    const n = isInt(port.port) ? port.port : 0;
    for (const m of isValidPortNum(n)) errs.push(invalid(child(p, 'port'), n, m));
    const protocol = str(port.protocol);
    if (!protocol) errs.push(required(child(p, 'protocol')));
    else if (!SUPPORTED_PORT_PROTOCOLS.includes(protocol)) errs.push(notSupported(child(p, 'protocol'), protocol, SUPPORTED_PORT_PROTOCOLS));
    errs.push(...validatePortNumOrName(port.targetPort, child(p, 'targetPort')));
    if (typeof port.appProtocol === 'string') errs.push(...validateQualifiedName(port.appProtocol, child(p, 'appProtocol')));
  });
  if (spec.selector !== undefined && spec.selector !== null) errs.push(...validateLabels(spec.selector, 'spec.selector'));
  const affinity = str(spec.sessionAffinity);
  if (!affinity) errs.push(required('spec.sessionAffinity'));
  else if (affinity !== 'ClientIP' && affinity !== 'None') errs.push(notSupported('spec.sessionAffinity', affinity, ['ClientIP', 'None']));
  if (affinity === 'ClientIP') {
    const timeout = asObj(asObj(spec.sessionAffinityConfig)?.clientIP)?.timeoutSeconds;
    if (typeof timeout === 'number' && (timeout <= 0 || timeout > 86400)) {
      errs.push(invalid('spec.sessionAffinityConfig.clientIP.timeoutSeconds', timeout, 'must be greater than 0 and less than 86400'));
    }
  } else if (affinity === 'None' && spec.sessionAffinityConfig !== undefined && spec.sessionAffinityConfig !== null) {
    errs.push(forbidden('spec.sessionAffinityConfig', 'must not be set when session affinity is None'));
  }
  if (!type) errs.push(required('spec.type'));
  else if (!SUPPORTED_SERVICE_TYPES.includes(type)) errs.push(notSupported('spec.type', type, SUPPORTED_SERVICE_TYPES));
  if (type === 'ClusterIP') {
    ports.forEach((port, i) => {
      if (isInt(port.nodePort) && port.nodePort !== 0) errs.push(forbidden(child(index('spec.ports', i), 'nodePort'), "may not be used when `type` is 'ClusterIP'"));
    });
  }
  const nodePorts = new Set<string>();
  ports.forEach((port, i) => {
    if (!isInt(port.nodePort) || port.nodePort === 0) return;
    const k = `${str(port.protocol)}/${port.nodePort}`;
    if (nodePorts.has(k)) errs.push(duplicate(child(index('spec.ports', i), 'nodePort'), port.nodePort));
    nodePorts.add(k);
  });
  const seen = new Set<string>();
  ports.forEach((port, i) => {
    const k = `${str(port.protocol)}/${String(port.port)}`;
    if (seen.has(k)) errs.push(duplicate(index('spec.ports', i), servicePortKey(str(port.protocol), port.port)));
    seen.add(k);
  });
  if (spec.allocateLoadBalancerNodePorts !== undefined && spec.allocateLoadBalancerNodePorts !== null && type !== 'LoadBalancer') {
    errs.push(forbidden('spec.allocateLoadBalancerNodePorts', "may only be used when `type` is 'LoadBalancer'"));
  }
  const externallyAccessible = type === 'LoadBalancer' || type === 'NodePort' || (type === 'ClusterIP' && asList(spec.externalIPs).length > 0);
  const etp = str(spec.externalTrafficPolicy);
  if (!externallyAccessible) {
    if (etp) errs.push(invalid('spec.externalTrafficPolicy', etp, 'may only be set for externally-accessible services'));
  } else if (!etp) errs.push(required('spec.externalTrafficPolicy'));
  else if (etp !== 'Cluster' && etp !== 'Local') errs.push(notSupported('spec.externalTrafficPolicy', etp, ['Cluster', 'Local']));
  const itp = spec.internalTrafficPolicy;
  if (itp === undefined || itp === null) {
    if (type === 'ClusterIP' || type === 'NodePort' || type === 'LoadBalancer') errs.push(required('spec.internalTrafficPolicy'));
  } else if (itp !== 'Cluster' && itp !== 'Local') errs.push(notSupported('spec.internalTrafficPolicy', str(itp), ['Cluster', 'Local']));
  asList(spec.externalIPs).forEach((ip, i) => {
    if (!isValidIP(str(ip))) errs.push(invalid(index('spec.externalIPs', i), str(ip), IP_ERROR));
  });
  return errs;
}
