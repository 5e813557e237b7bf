#!/usr/bin/env node
// Generates src/api/generated/fields.json: the JSON fields of every API type reachable from the
// built-in kinds, so the API server can report unknown fields the way upstream's strict decoding
// does, without loading @kubernetes/client-node (a dev dependency) at run time.
//
// Source: the OpenAPI-generated models of @kubernetes/client-node; each has a static
// `attributeTypeMap` of {name, baseName, type, format}, where baseName is the JSON field.
//
// Output (compact JSON):
//   { "kinds": { "<apiVersion>/<Kind>": "<root type>" },
//     "types": { "<type>": { "<jsonField>": "<field type>" } } }
// Field types: a type name (descend), "[]<T>" (array of T), "map[string]<T>" (object of T),
// or a leaf: string, boolean, int32, int64, number, double, Time, MicroTime, IntOrString, any.
//
// Run with `npm run gen:fields` after changing BUILTIN_KINDS (keep it in step with src/api/resources.ts;
// test/api.validation.test.ts checks that every built-in kind has a root here).
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as k8s from '@kubernetes/client-node';

const BUILTIN_KINDS = {
  v1: [
    'Pod', 'Node', 'Namespace', 'Service', 'Endpoints', 'ConfigMap', 'Secret', 'ServiceAccount', 'Event',
    'PersistentVolume', 'PersistentVolumeClaim', 'ResourceQuota', 'LimitRange', 'ReplicationController',
  ],
  'apps/v1': ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'ControllerRevision'],
  'batch/v1': ['Job', 'CronJob'],
  'coordination.k8s.io/v1': ['Lease'],
  'discovery.k8s.io/v1': ['EndpointSlice'],
  'networking.k8s.io/v1': ['Ingress', 'IngressClass', 'NetworkPolicy'],
  'storage.k8s.io/v1': ['StorageClass', 'CSINode', 'CSIDriver', 'CSIStorageCapacity', 'VolumeAttachment'],
  'policy/v1': ['PodDisruptionBudget'],
  'autoscaling/v2': ['HorizontalPodAutoscaler'],
  'rbac.authorization.k8s.io/v1': ['Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding'],
  'scheduling.k8s.io/v1': ['PriorityClass'],
  'apiextensions.k8s.io/v1': ['CustomResourceDefinition'],
};

const LEAF_TYPES = new Map([
  ['string', 'string'],
  ['boolean', 'boolean'],
  ['Date', 'Time'],
  ['V1MicroTime', 'MicroTime'],
  ['any', 'any'],
  ['object', 'any'],
  ['IntOrString', 'IntOrString'],
]);

const capitalize = (s) => s.charAt(0).toUpperCase() + s.slice(1);

/** The client-node class of a kind: `V1Deployment`, or a group-prefixed one such as `CoreV1Event`. */
function modelFor(apiVersion, kind) {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const groupPrefix = group === '' ? 'Core' : capitalize(group.split('.')[0]);
  for (const name of [`${capitalize(version)}${kind}`, `${groupPrefix}${capitalize(version)}${kind}`]) {
    const cls = k8s[name];
    const fields = cls?.attributeTypeMap?.map((a) => a.baseName) ?? [];
    if (fields.includes('apiVersion') && fields.includes('kind') && fields.includes('metadata')) return name;
  }
  throw new Error(`no @kubernetes/client-node model for ${apiVersion} ${kind}`);
}

/** Converts a client-node attribute type to ours, queueing referenced model types. */
function fieldType(type, format, queue) {
  const array = /^Array<(.+)>$/.exec(type);
  if (array) return `[]${fieldType(array[1], '', queue)}`;
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) return `map[string]${fieldType(map[1], '', queue)}`;
  if (type === 'number') return format || 'number';
  const leaf = LEAF_TYPES.get(type);
  if (leaf) return leaf;
  if (!k8s[type]?.attributeTypeMap) throw new Error(`unknown client-node type ${type}`);
  queue.push(type);
  return type;
}

const kinds = {};
const types = {};
const queue = [];
for (const [apiVersion, list] of Object.entries(BUILTIN_KINDS)) {
  for (const kind of list) {
    const model = modelFor(apiVersion, kind);
    kinds[`${apiVersion}/${kind}`] = model;
    queue.push(model);
  }
}
while (queue.length > 0) {
  const name = queue.shift();
  if (types[name]) continue;
  const fields = {};
  types[name] = fields;
  for (const attr of k8s[name].attributeTypeMap) fields[attr.baseName] = fieldType(attr.type, attr.format, queue);
}

const sortedTypes = Object.fromEntries(Object.keys(types).sort().map((k) => [k, types[k]]));
const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'api', 'generated', 'fields.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify({ kinds, types: sortedTypes })}\n`);
console.log(`wrote ${out}: ${Object.keys(kinds).length} kinds, ${Object.keys(types).length} types`);
