/** CustomResourceDefinition objects: names, group, scope, versions and the structure of their schemas. */
import { type FieldError, GoValue, invalid, notSupported, required } from './errors';
import { type J, asList, asObj, isObj, objs, specOf, str } from './json';
import { isDNS1035Label, validateDNS1123Subdomain } from './names';
import { child, index, key } from './paths';

/** ValidateCustomResourceDefinition: the name, group, names, scope and versions, plus the schemas' structure. */
export function validateCRD(crd: J): FieldError[] {
  const spec = specOf(crd);
  const errs: FieldError[] = [];
  const group = str(spec.group);
  const names = asObj(spec.names) ?? {};
  const plural = str(names.plural);
  const name = str(asObj(crd.metadata)?.name);
  if (name !== `${plural}.${group}`) errs.push(invalid('metadata.name', name, 'must be spec.names.plural+"."+spec.group'));
  if (!group) errs.push(required('spec.group'));
  else {
    errs.push(...validateDNS1123Subdomain(group, 'spec.group'));
    if (group.split('.').length < 2) errs.push(invalid('spec.group', group, 'should be a domain with at least one dot'));
  }
  const scope = str(spec.scope);
  if (!scope) errs.push(required('spec.scope'));
  else if (scope !== 'Cluster' && scope !== 'Namespaced') errs.push(notSupported('spec.scope', scope, ['Cluster', 'Namespaced']));
  for (const f of ['plural', 'singular']) {
    const v = str(names[f]);
    if (!v) errs.push(required(child('spec.names', f)));
    else {
      const msgs = isDNS1035Label(v);
      if (msgs.length > 0) errs.push(invalid(child('spec.names', f), v, msgs.join(',')));
    }
  }
  for (const f of ['kind', 'listKind']) {
    const v = str(names[f]);
    if (!v) errs.push(required(child('spec.names', f)));
    else {
      const msgs = isDNS1035Label(v.toLowerCase());
      if (msgs.length > 0) errs.push(invalid(child('spec.names', f), v, `may have mixed case, but should otherwise match: ${msgs.join(',')}`));
    }
  }
  if (str(names.kind) && names.kind === names.listKind) errs.push(invalid('spec.names.listKind', str(names.listKind), 'kind and listKind may not be the same'));
  asList(names.shortNames).forEach((s, i) => {
    const msgs = isDNS1035Label(str(s));
    if (msgs.length > 0) errs.push(invalid(index('spec.names.shortNames', i), str(s), msgs.join(',')));
  });
  const versions = objs(spec.versions);
  const versionsValue = new GoValue('[]apiextensions.CustomResourceDefinitionVersion{…}');
  if (versions.length === 0) errs.push(invalid('spec.versions', versionsValue, 'must have exactly one version marked as storage version'));
  const seen = new Set<string>();
  let unique = true;
  let storage = 0;
  versions.forEach((v, i) => {
    const p = index('spec.versions', i);
    const vname = str(v.name);
    if (v.storage === true) storage++;
    if (seen.has(vname)) unique = false;
    seen.add(vname);
    const msgs = isDNS1035Label(vname);
    if (msgs.length > 0) errs.push(invalid(child(p, 'name'), vname, msgs.join(',')));
    const schema = asObj(asObj(v.schema)?.openAPIV3Schema);
    if (!schema) errs.push(required(child(p, 'schema', 'openAPIV3Schema'), 'schemas are required'));
    else errs.push(...validateStructuralSchema(schema, child(p, 'schema', 'openAPIV3Schema'), true));
  });
  if (!unique) errs.push(invalid('spec.versions', versionsValue, 'must contain unique version names'));
  if (versions.length > 0 && storage !== 1) errs.push(invalid('spec.versions', versionsValue, 'must have exactly one version marked as storage version'));
  if (versions.length > 0 && !versions.some((v) => v.served === true)) errs.push(invalid('spec.versions', versionsValue, 'must have at least one version served'));
  return errs;
}

/** The structural-schema rules users trip over: a typed object root, and a type for every specified field. */
function validateStructuralSchema(schema: J, path: string, root: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const type = str(schema.type);
  const intOrString = schema['x-kubernetes-int-or-string'] === true;
  const preserve = schema['x-kubernetes-preserve-unknown-fields'] === true;
  if (root) {
    if (!type) errs.push(required(child(path, 'type'), 'must not be empty at the root'));
    else if (type !== 'object') errs.push(invalid(child(path, 'type'), type, 'must be object at the root'));
  } else if (!type && !intOrString && !preserve) {
    errs.push(required(child(path, 'type'), 'must not be empty for specified object fields'));
  }
  for (const [name, prop] of Object.entries(asObj(schema.properties) ?? {})) {
    if (isObj(prop)) errs.push(...validateStructuralSchema(prop, key(child(path, 'properties'), name), false));
  }
  const items = asObj(schema.items);
  if (items) errs.push(...validateStructuralSchema(items, child(path, 'items'), false));
  else if (type === 'array') errs.push(required(child(path, 'items'), 'must be specified'));
  const additional = asObj(schema.additionalProperties);
  if (additional) errs.push(...validateStructuralSchema(additional, child(path, 'additionalProperties'), false));
  return errs;
}
