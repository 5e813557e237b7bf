/** RBAC roles and bindings (pkg/apis/rbac/validation). */
import { type FieldError, invalid, notSupported, required } from './errors';
import { type J, asList, asObj, objs, str } from './json';
import { nameIsDNSSubdomain, nameIsPathSegment } from './names';
import { child, index } from './paths';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

export function validatePolicyRules(obj: J, namespaced: boolean): FieldError[] {
  const errs: FieldError[] = [];
  objs(obj.rules).forEach((rule, i) => {
    const p = index('rules', i);
    if (asList(rule.verbs).length === 0) errs.push(required(child(p, 'verbs'), 'verbs must contain at least one value'));
    const urls = asList(rule.nonResourceURLs).map(str);
    if (urls.length > 0) {
      if (namespaced) errs.push(invalid(child(p, 'nonResourceURLs'), urls, 'namespaced rules cannot apply to non-resource URLs'));
      if (asList(rule.apiGroups).length > 0 || asList(rule.resources).length > 0 || asList(rule.resourceNames).length > 0) {
        errs.push(invalid(child(p, 'nonResourceURLs'), urls, 'rules cannot apply to both regular resources and non-resource URLs'));
      }
      return;
    }
    if (asList(rule.apiGroups).length === 0) errs.push(required(child(p, 'apiGroups'), 'resource rules must supply at least one api group'));
    if (asList(rule.resources).length === 0) errs.push(required(child(p, 'resources'), 'resource rules must supply at least one resource'));
  });
  return errs;
}

export function validateBinding(b: J, cluster: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const roleRef = asObj(b.roleRef) ?? {};
  if (str(roleRef.apiGroup) !== RBAC_GROUP) errs.push(notSupported('roleRef.apiGroup', str(roleRef.apiGroup), [RBAC_GROUP]));
  const kinds = cluster ? ['ClusterRole'] : ['Role', 'ClusterRole'];
  if (!kinds.includes(str(roleRef.kind))) errs.push(notSupported('roleRef.kind', str(roleRef.kind), kinds));
  if (!str(roleRef.name)) errs.push(required('roleRef.name'));
  else for (const m of nameIsPathSegment(str(roleRef.name), false)) errs.push(invalid('roleRef.name', str(roleRef.name), m));
  objs(b.subjects).forEach((s, i) => {
    const p = index('subjects', i);
    const name = str(s.name);
    if (!name) errs.push(required(child(p, 'name')));
    switch (s.kind) {
      case 'ServiceAccount':
        if (name) for (const m of nameIsDNSSubdomain(name, false)) errs.push(invalid(child(p, 'name'), name, m));
        if (str(s.apiGroup)) errs.push(notSupported(child(p, 'apiGroup'), str(s.apiGroup), ['']));
        if (cluster && !str(s.namespace)) errs.push(required(child(p, 'namespace')));
        break;
      case 'User':
      case 'Group':
        if (str(s.apiGroup) !== RBAC_GROUP) errs.push(notSupported(child(p, 'apiGroup'), str(s.apiGroup), [RBAC_GROUP]));
        break;
      default:
        errs.push(notSupported(child(p, 'kind'), str(s.kind), ['ServiceAccount', 'User', 'Group']));
    }
  });
  return errs;
}
