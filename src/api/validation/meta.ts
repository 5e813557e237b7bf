/** ObjectMeta (apimachinery `api/validation/objectmeta.go`): names, namespace, labels, annotations, owners, finalizers. */
import { byteLength, qualifiedNameErrors } from '../selectors';
import { type FieldError, forbidden, invalid, required } from './errors';
import { type J, asList, asObj, objs, str } from './json';
import { validateLabels } from './labels';
import { type NameFn, isDNS1123Label, validateQualifiedName } from './names';
import { validateNonnegative } from './numeric';
import { child, index } from './paths';

export const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

interface MetaOptions {
  namespaced: boolean;
  nameFn: NameFn;
  /** core's ValidateObjectMeta also requires finalizers to be standard or domain-qualified. */
  kubeFinalizers: boolean;
}

export function validateObjectMeta(meta: J | undefined, opts: MetaOptions, path = 'metadata'): FieldError[] {
  const m = meta ?? {};
  const errs: FieldError[] = [];
  const name = str(m.name);
  const generateName = str(m.generateName);
  if (generateName) for (const msg of opts.nameFn(generateName, true)) errs.push(invalid(child(path, 'generateName'), generateName, msg));
  // Upstream validates after name generation; an object still carrying only generateName will get a name.
  if (!name) {
    if (!generateName) errs.push(required(child(path, 'name'), 'name or generateName is required'));
  } else {
    for (const msg of opts.nameFn(name, false)) errs.push(invalid(child(path, 'name'), name, msg));
  }
  const namespace = str(m.namespace);
  if (opts.namespaced) {
    if (!namespace) errs.push(required(child(path, 'namespace')));
    else for (const msg of isDNS1123Label(namespace)) errs.push(invalid(child(path, 'namespace'), namespace, msg));
  } else if (namespace) {
    errs.push(forbidden(child(path, 'namespace'), 'not allowed on this type'));
  }
  // Every write validates its metadata: fields that are absent (each check passes them) cost no
  // path strings or error arrays.
  if (m.generation !== undefined) errs.push(...validateNonnegative(m.generation, child(path, 'generation')));
  if (m.labels !== undefined) errs.push(...validateLabels(m.labels, child(path, 'labels')));
  if (m.annotations !== undefined) errs.push(...validateAnnotations(m.annotations, child(path, 'annotations')));
  if (m.ownerReferences !== undefined) errs.push(...validateOwnerReferences(m.ownerReferences, child(path, 'ownerReferences')));
  if (m.finalizers === undefined) return errs;
  const finalizers = asList(m.finalizers).map(str);
  for (const f of finalizers) errs.push(...validateQualifiedName(f, child(path, 'finalizers')));
  if (finalizers.includes('orphan') && finalizers.includes('foregroundDeletion')) {
    errs.push(invalid(child(path, 'finalizers'), finalizers, 'finalizer orphan and foregroundDeletion cannot be both set'));
  }
  if (opts.kubeFinalizers) {
    finalizers.forEach((f, i) => {
      if (!f.includes('/') && !STANDARD_FINALIZERS.has(f)) {
        errs.push(invalid(index(child(path, 'finalizers'), i), f, 'name is neither a standard finalizer name nor is it fully qualified'));
      }
    });
  }
  return errs;
}

const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

export function validateAnnotations(annotations: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let size = 0;
  for (const [k, v] of Object.entries(asObj(annotations) ?? {})) {
    for (const msg of qualifiedNameErrors(k.toLowerCase())) errs.push(invalid(path, k, msg));
    size += byteLength(k) + byteLength(str(v));
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) {
    errs.push({ type: 'FieldValueTooLong', field: path, detail: `must have at most ${TOTAL_ANNOTATION_SIZE_LIMIT} bytes`, value: '' });
  }
  return errs;
}

function validateOwnerReferences(refs: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let firstController = '';
  for (const ref of objs(refs)) {
    const apiVersion = str(ref.apiVersion);
    const version = apiVersion.includes('/') ? apiVersion.slice(apiVersion.indexOf('/') + 1) : apiVersion;
    if (!version) errs.push(invalid(child(path, 'apiVersion'), apiVersion, 'version must not be empty'));
    if (!str(ref.kind)) errs.push(invalid(child(path, 'kind'), str(ref.kind), 'must not be empty'));
    if (!str(ref.name)) errs.push(invalid(child(path, 'name'), str(ref.name), 'must not be empty'));
    if (!str(ref.uid)) errs.push(invalid(child(path, 'uid'), str(ref.uid), 'must not be empty'));
    if (apiVersion === 'v1' && ref.kind === 'Event') {
      errs.push(invalid(path, ref, '/v1, Kind=Event is disallowed from being an owner'));
    }
    if (ref.controller === true) {
      const current = `${str(ref.kind)}/${str(ref.name)}`;
      if (firstController) {
        errs.push(
          invalid(path, refs, `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${current}`),
        );
      } else {
        firstController = current;
      }
    }
  }
  return errs;
}
