/** Endpoints, EndpointSlices, Ingresses, IngressClasses and NetworkPolicies. */
import { type FieldError, GoValue, invalid, notSupported, required, tooMany } from './errors';
import { type J, asList, asObj, isInt, objs, specOf, str } from './json';
import { validateLabelSelector } from './labels';
import { isDNS1035Label, isDNS1123Subdomain, validateDNS1123Subdomain } from './names';
import { child, index } from './paths';
import { SUPPORTED_PORT_PROTOCOLS, isValidPortName, isValidPortNum, validatePortNumOrName } from './ports';

export function validateEndpointSlice(slice: J): FieldError[] {
  const type = str(slice.addressType);
  if (!type) return [required('addressType')];
  if (!['FQDN', 'IPv4', 'IPv6'].includes(type)) return [notSupported('addressType', type, ['IPv4', 'IPv6', 'FQDN'])];
  const errs: FieldError[] = [];
  objs(slice.endpoints).forEach((ep, i) => {
    const addresses = asList(ep.addresses);
    const p = child(index('endpoints', i), 'addresses');
    if (addresses.length === 0) errs.push(required(p, 'must contain at least 1 address'));
    if (addresses.length > 100) errs.push(tooMany(p, addresses.length, 100));
  });
  return errs;
}

export function validateEndpoints(ep: J): FieldError[] {
  const errs: FieldError[] = [];
  objs(ep.subsets).forEach((subset, i) => {
    const p = index('subsets', i);
    if (asList(subset.addresses).length === 0 && asList(subset.notReadyAddresses).length === 0) {
      errs.push(required(child(p, 'addresses'), 'must specify `addresses` or `notReadyAddresses`'));
    }
    objs(subset.ports).forEach((port, j) => {
      const pp = index(child(p, 'ports'), j);
      const n = isInt(port.port) ? port.port : 0;
      for (const m of isValidPortNum(n)) errs.push(invalid(child(pp, 'port'), n, m));
      const protocol = str(port.protocol);
      if (!SUPPORTED_PORT_PROTOCOLS.includes(protocol)) errs.push(notSupported(child(pp, 'protocol'), protocol, SUPPORTED_PORT_PROTOCOLS));
    });
  });
  return errs;
}

function validateIngressBackend(backend: J, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const service = asObj(backend.service);
  const resource = asObj(backend.resource);
  if (service && resource) return [invalid(path, '', 'cannot set both resource and service backends')];
  if (!service && !resource) return [invalid(path, '', 'resource or service backend is required')];
  if (service) {
    const name = str(service.name);
    if (!name) errs.push(required(child(path, 'service', 'name')));
    else for (const m of isDNS1035Label(name)) errs.push(invalid(child(path, 'service', 'name'), name, m));
    const port = asObj(service.port) ?? {};
    const hasName = str(port.name) !== '';
    const hasNumber = isInt(port.number) && port.number !== 0;
    if (hasName && hasNumber) errs.push(invalid(child(path, 'service', 'port'), '', 'cannot set both port name & port number'));
    else if (hasName) for (const m of isValidPortName(str(port.name))) errs.push(invalid(child(path, 'service', 'port', 'name'), str(port.name), m));
    else if (hasNumber) for (const m of isValidPortNum(port.number as number)) errs.push(invalid(child(path, 'service', 'port', 'number'), port.number, m));
    else errs.push(required(child(path, 'service', 'port'), 'port name or number is required'));
  }
  return errs;
}

export function validateIngress(ing: J): FieldError[] {
  const spec = specOf(ing);
  const errs: FieldError[] = [];
  const rules = objs(spec.rules);
  const defaultBackend = asObj(spec.defaultBackend);
  if (rules.length === 0 && !defaultBackend) errs.push(invalid('spec', new GoValue('[]networking.IngressRule(nil)'), 'either `defaultBackend` or `rules` must be specified'));
  if (defaultBackend) errs.push(...validateIngressBackend(defaultBackend, 'spec.defaultBackend'));
  rules.forEach((rule, i) => {
    const p = index('spec.rules', i);
    const host = str(rule.host);
    if (host) {
      if (host.startsWith('*.')) {
        for (const m of isDNS1123Subdomain(host.slice(2))) errs.push(invalid(child(p, 'host'), host, m));
      } else {
        errs.push(...validateDNS1123Subdomain(host, child(p, 'host')));
      }
    }
    const http = asObj(rule.http);
    if (!http) return;
    const paths = objs(http.paths);
    if (paths.length === 0) errs.push(required(child(p, 'http', 'paths')));
    paths.forEach((hp, j) => {
      const pp = index(child(p, 'http', 'paths'), j);
      const pathType = str(hp.pathType);
      if (!pathType) errs.push(required(child(pp, 'pathType'), 'pathType must be specified'));
      else if (!['Exact', 'ImplementationSpecific', 'Prefix'].includes(pathType)) {
        errs.push(notSupported(child(pp, 'pathType'), pathType, ['Exact', 'ImplementationSpecific', 'Prefix']));
      }
      const path = str(hp.path);
      if ((pathType === 'Exact' || pathType === 'Prefix') && !path.startsWith('/')) errs.push(invalid(child(pp, 'path'), path, 'must be an absolute path'));
      errs.push(...validateIngressBackend(asObj(hp.backend) ?? {}, child(pp, 'backend')));
    });
  });
  return errs;
}

export function validateIngressClass(ic: J): FieldError[] {
  const controller = str(specOf(ic).controller);
  if (!controller) return [required('spec.controller')];
  const segments = controller.split('/');
  if (segments.length < 2 || segments[0] === '' || segments.slice(1).join('/') === '') {
    return [invalid('spec.controller', controller, 'must be a domain-prefixed path (such as "acme.io/foo")')];
  }
  return isDNS1123Subdomain(segments[0]).map((m) => invalid('spec.controller', segments[0], m));
}

export function validateNetworkPolicy(np: J): FieldError[] {
  const spec = specOf(np);
  const errs = validateLabelSelector(spec.podSelector, 'spec.podSelector');
  for (const dir of ['ingress', 'egress']) {
    objs(spec[dir]).forEach((rule, i) => {
      objs(rule.ports).forEach((port, j) => {
        const p = index(child(index(child('spec', dir), i), 'ports'), j);
        const protocol = port.protocol;
        if (protocol !== undefined && protocol !== null && !SUPPORTED_PORT_PROTOCOLS.includes(str(protocol))) {
          errs.push(notSupported(child(p, 'protocol'), str(protocol), SUPPORTED_PORT_PROTOCOLS));
        }
        if (port.port !== undefined && port.port !== null) errs.push(...validatePortNumOrName(port.port, child(p, 'port')));
      });
      for (const peerList of ['from', 'to']) {
        objs(rule[peerList]).forEach((peer, k) => {
          const pp = index(child(index(child('spec', dir), i), peerList), k);
          errs.push(...validateLabelSelector(peer.podSelector, child(pp, 'podSelector')));
          errs.push(...validateLabelSelector(peer.namespaceSelector, child(pp, 'namespaceSelector')));
        });
      }
    });
  }
  asList(spec.policyTypes).forEach((t, i) => {
    if (t !== 'Ingress' && t !== 'Egress') errs.push(notSupported(index('spec.policyTypes', i), str(t), ['Egress', 'Ingress']));
  });
  return errs;
}
