/** ConfigMaps and Secrets: data keys, and the keys each well-known Secret type requires. */
import { type FieldError, invalid, required } from './errors';
import { isConfigMapKey } from './formats';
import { type J, asObj, str } from './json';
import { key } from './paths';

/** Keys of a data map are config keys (`data[key]`); a key may not be in both data maps of a ConfigMap. */
function validateDataKeys(obj: J, field: string, other?: string): FieldError[] {
  const errs: FieldError[] = [];
  const otherMap = other ? asObj(obj[other]) : undefined;
  for (const k of Object.keys(asObj(obj[field]) ?? {})) {
    for (const m of isConfigMapKey(k)) errs.push(invalid(key(field, k), k, m));
    if (otherMap && k in otherMap) errs.push(invalid(key(field, k), k, `duplicate of key present in ${other}`));
  }
  return errs;
}

export function validateConfigMap(cm: J): FieldError[] {
  return [...validateDataKeys(cm, 'data', 'binaryData'), ...validateDataKeys(cm, 'binaryData', 'data')];
}

/** ValidateSecret: keys, and the keys each well-known secret type requires. */
export function validateSecret(secret: J): FieldError[] {
  const errs = validateDataKeys(secret, 'data');
  const data = { ...(asObj(secret.data) ?? {}), ...(asObj(secret.stringData) ?? {}) };
  const needs = (k: string): void => {
    if (!(k in data)) errs.push(required(key('data', k)));
  };
  switch (secret.type) {
    case 'kubernetes.io/service-account-token':
      if (!str(asObj(asObj(secret.metadata)?.annotations)?.['kubernetes.io/service-account.name'])) {
        errs.push(required('metadata.annotations[kubernetes.io/service-account.name]'));
      }
      break;
    case 'kubernetes.io/dockercfg':
      needs('.dockercfg');
      break;
    case 'kubernetes.io/dockerconfigjson':
      needs('.dockerconfigjson');
      break;
    case 'kubernetes.io/basic-auth':
      if (!('username' in data) && !('password' in data)) errs.push(required('data[username]'));
      break;
    case 'kubernetes.io/ssh-auth':
      needs('ssh-privatekey');
      break;
    case 'kubernetes.io/tls':
      needs('tls.crt');
      needs('tls.key');
      break;
    default:
  }
  return errs;
}
