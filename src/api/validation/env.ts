/** Container environment variables and their `valueFrom` sources. */
import { type FieldError, invalid, notSupported, required } from './errors';
import { isConfigMapKey, isRelaxedEnvVarName } from './formats';
import { type J, asObj, objs, str } from './json';
import { nameIsDNSSubdomain, validateQualifiedName } from './names';
import { child, index } from './paths';

const VALID_ENV_FIELD_PATHS = [
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.serviceAccountName',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
];

function validateKeySelector(sel: J, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(sel.name);
  for (const m of nameIsDNSSubdomain(name, false)) errs.push(invalid(child(path, 'name'), name, m));
  const k = str(sel.key);
  if (!k) errs.push(required(child(path, 'key')));
  else for (const m of isConfigMapKey(k)) errs.push(invalid(child(path, 'key'), k, m));
  return errs;
}

export function validateEnv(env: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  objs(env).forEach((ev, i) => {
    const p = index(path, i);
    const name = str(ev.name);
    if (!name) errs.push(required(child(p, 'name')));
    else for (const m of isRelaxedEnvVarName(name)) errs.push(invalid(child(p, 'name'), name, m));
    const from = asObj(ev.valueFrom);
    if (!from) return;
    const fp = child(p, 'valueFrom');
    let sources = 0;
    const fieldRef = asObj(from.fieldRef);
    if (fieldRef) {
      sources++;
      const rp = child(fp, 'fieldRef');
      const fieldPath = str(fieldRef.fieldPath);
      if (!str(fieldRef.apiVersion)) errs.push(required(child(rp, 'apiVersion')));
      else if (!fieldPath) errs.push(required(child(rp, 'fieldPath')));
      else {
        const sub = /^(metadata\.(?:labels|annotations))\['(.*)'\]$/.exec(fieldPath);
        if (sub) errs.push(...validateQualifiedName(sub[1] === 'metadata.annotations' ? sub[2].toLowerCase() : sub[2], rp));
        else if (!VALID_ENV_FIELD_PATHS.includes(fieldPath)) errs.push(notSupported(child(rp, 'fieldPath'), fieldPath, VALID_ENV_FIELD_PATHS));
      }
    }
    if (asObj(from.resourceFieldRef)) {
      sources++;
      if (!str(asObj(from.resourceFieldRef)?.resource)) errs.push(required(child(fp, 'resourceFieldRef', 'resource')));
    }
    const cm = asObj(from.configMapKeyRef);
    if (cm) {
      sources++;
      errs.push(...validateKeySelector(cm, child(fp, 'configMapKeyRef')));
    }
    const secret = asObj(from.secretKeyRef);
    if (secret) {
      sources++;
      errs.push(...validateKeySelector(secret, child(fp, 'secretKeyRef')));
    }
    if (sources === 0) errs.push(invalid(fp, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'));
    else if (str(ev.value)) errs.push(invalid(fp, '', 'may not be specified when `value` is not empty'));
    else if (sources > 1) errs.push(invalid(fp, '', 'may not have more than one field specified at a time'));
  });
  return errs;
}
