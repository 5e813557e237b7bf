/**
 * Update rules of the core kinds that are not workloads, services or storage: immutable ConfigMaps
 * and Secrets, a Secret's type, a Node's pod CIDRs and provider ID, a ResourceQuota's scopes.
 */
import { type FieldError, GoValue, duplicate, forbidden, goQuote, invalid } from './errors';
import { type J, asList, asObj, objs, specOf, str } from './json';
import { FIELD_IMMUTABLE, immutable } from './meta_update';
import { index } from './paths';
import { semanticEqual } from './semantic';

const IMMUTABLE_WHEN_SET = 'field is immutable when `immutable` is set';

/** A data map as the API compares it: absent and empty are the same (nil after a storage round trip). */
const dataMap = (v: unknown): Record<string, unknown> => asObj(v) ?? {};

/** ValidateConfigMapUpdate: once `immutable: true`, neither the flag nor the data may change. */
export function validateConfigMapUpdate(cm: J, old: J): FieldError[] {
  if (old.immutable !== true) return [];
  const errs: FieldError[] = [];
  if (cm.immutable !== true) errs.push(forbidden('immutable', IMMUTABLE_WHEN_SET));
  if (!semanticEqual(dataMap(cm.data), dataMap(old.data))) errs.push(forbidden('data', IMMUTABLE_WHEN_SET));
  if (!semanticEqual(dataMap(cm.binaryData), dataMap(old.binaryData))) errs.push(forbidden('binaryData', IMMUTABLE_WHEN_SET));
  return errs;
}

/** A Secret's data as validation sees it: stringData is merged into data (base64) by conversion. */
function secretData(secret: J): Record<string, unknown> {
  const data = { ...dataMap(secret.data) };
  for (const [k, v] of Object.entries(dataMap(secret.stringData))) data[k] = Buffer.from(str(v), 'utf8').toString('base64');
  return data;
}

/** ValidateSecretUpdate: the type is fixed; once `immutable: true`, so are the flag and the data. */
export function validateSecretUpdate(secret: J, old: J): FieldError[] {
  const errs = immutable(str(secret.type) === str(old.type), 'type', str(secret.type));
  if (old.immutable === true) {
    if (secret.immutable !== true) errs.push(forbidden('immutable', IMMUTABLE_WHEN_SET));
    if (!semanticEqual(secretData(secret), secretData(old))) errs.push(forbidden('data', IMMUTABLE_WHEN_SET));
  }
  return errs;
}

/** The internal NodeSpec.PodCIDRs: conversion fills it from a lone v1 `podCIDR`. */
function podCIDRs(spec: J): string[] {
  const list = asList(spec.podCIDRs).map(str);
  return list.length === 0 && str(spec.podCIDR) ? [str(spec.podCIDR)] : list;
}

const NODE_CIDR_FIXED = 'node updates may not change podCIDR except from "" to valid';

/** ValidateNodeUpdate's rules: pod CIDRs and provider ID are set once; status addresses are unique. */
export function validateNodeUpdate(node: J, old: J): FieldError[] {
  const spec = specOf(node);
  const oldSpec = specOf(old);
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  objs(asObj(node.status)?.addresses).forEach((a, i) => {
    const k = `${str(a.type)}\u0000${str(a.address)}`;
    if (seen.has(k)) {
      errs.push(duplicate(index('status.addresses', i), new GoValue(`core.NodeAddress{Type:${goQuote(str(a.type))}, Address:${goQuote(str(a.address))}}`)));
    }
    seen.add(k);
  });
  const oldCIDRs = podCIDRs(oldSpec);
  const newCIDRs = podCIDRs(spec);
  if (oldCIDRs.length > 0) {
    if (oldCIDRs.length !== newCIDRs.length) errs.push(forbidden('spec.podCIDRs', NODE_CIDR_FIXED));
    else for (const [i, c] of oldCIDRs.entries()) if (c !== newCIDRs[i]) errs.push(forbidden('spec.podCIDRs', NODE_CIDR_FIXED));
  }
  if (str(oldSpec.providerID) && str(oldSpec.providerID) !== str(spec.providerID)) {
    errs.push(forbidden('spec.providerID', 'node updates may not change providerID except from "" to valid'));
  }
  if (str(spec.externalID) !== str(oldSpec.externalID)) errs.push(forbidden('spec.externalID', 'may not be updated'));
  return errs;
}

/** ValidateResourceQuotaUpdate: the set of scopes may not change. */
export function validateResourceQuotaUpdate(rq: J, old: J): FieldError[] {
  const scopes = asList(specOf(rq).scopes).map(str);
  const before = new Set(asList(specOf(old).scopes).map(str));
  const same = new Set(scopes).size === before.size && scopes.every((s) => before.has(s));
  if (same) return [];
  const value = Array.isArray(specOf(rq).scopes) ? `[]core.ResourceQuotaScope{${scopes.map(goQuote).join(', ')}}` : '[]core.ResourceQuotaScope(nil)';
  return [invalid('spec.scopes', new GoValue(value), FIELD_IMMUTABLE)];
}
