/**
 * What the API server rejects, with upstream's messages (apimachinery `field/errors.go`,
 * `pkg/apis/<group>/validation`): a type/schema pass (kubernetes-models' compiled validators for the
 * built-in kinds, ajv over the openAPIV3Schema for CRD-served kinds), then the semantic rules users
 * hit most, run on the defaulted object as upstream does. Unknown fields are reported separately
 * (`checkUnknownFields`), as upstream's strict decoding does before validation.
 *
 * This module is the public face of the folder: `validateObject` and the names re-exported below;
 * everything else in the folder is internal to it.
 */
import type { KubeObject } from '../object';
import type { ResourceInfo, ResourceRegistry } from '../resources';
import { builtinSchemaErrors } from './builtin_schema';
import { crdSchemaErrors } from './crd_schema';
import type { FieldError } from './errors';
import { type J, asObj } from './json';
import { KIND_RULES } from './kinds';
import { validateObjectMeta } from './meta';
import { nameIsDNSSubdomain } from './names';

export {
  GoValue,
  errorBody,
  formatFieldError,
  goQuote,
  goStringMap,
  newInvalid,
  newStrictDecodingError,
  qualifiedKind,
  resourceKind,
  type FieldError,
  type FieldErrorType,
} from './errors';
export { isDNS1035Label, isDNS1123Label, isDNS1123Subdomain } from './names';
export { checkUnknownFields, rootTypeOf } from './unknown_fields';
export { validateObjectUpdate } from './update';

/**
 * Field errors for an object about to be stored, as the API server's create/update validation
 * reports them; empty when valid. Call it on the defaulted object (after `applyDefaults`) with
 * metadata.namespace already set from the request, as upstream validates after defaulting.
 * Type errors stop there (upstream fails decoding before validating). For CRD kinds the schema of
 * the kind currently registered in `registry` is used, so a CRD update takes effect at once.
 * Update-only rules (immutable fields, metadata that may not change) are not checked here.
 */
export function validateObject(info: ResourceInfo, obj: KubeObject, registry?: ResourceRegistry): FieldError[] {
  const served = (info.crd && registry?.byName(info.name)) || info;
  if (served.crd) {
    const schemaErrs = crdSchemaErrors(served, obj);
    const meta = validateObjectMeta(asObj(obj.metadata), { namespaced: served.namespaced, nameFn: nameIsDNSSubdomain, kubeFinalizers: false });
    return [...meta, ...schemaErrs];
  }
  const typeErrs = builtinSchemaErrors(served, obj);
  if (typeErrs.length > 0) return typeErrs;
  const rules = KIND_RULES[`${served.apiVersion}/${served.kind}`] ?? { nameFn: nameIsDNSSubdomain };
  // The apiextensions API validates CRD objects with apimachinery's generic ObjectMeta rules, without
  // core's "standard or fully qualified finalizer" check (its own customresourcecleanup finalizer has no '/').
  const kubeFinalizers = served.group !== 'apiextensions.k8s.io';
  const errs = validateObjectMeta(asObj(obj.metadata), { namespaced: served.namespaced, nameFn: rules.nameFn, kubeFinalizers });
  errs.push(...(rules.validate?.(obj as J) ?? []));
  return errs;
}
