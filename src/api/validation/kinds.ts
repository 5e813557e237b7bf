/** Per-kind rules: how each built-in kind's name is checked and which semantic validator it has. */
import { validateLease, validateLimitRange, validateNamespaceSpec, validateNode, validatePriorityClass, validateResourceQuota } from './cluster';
import { validateConfigMap, validateSecret } from './config';
import { validateCRD } from './crd';
import type { FieldError } from './errors';
import { validateCronJob, validateJob } from './jobs';
import type { J } from './json';
import { type NameFn, nameIsDNS1035Label, nameIsDNSLabel, nameIsDNSSubdomain, nameIsPathSegment } from './names';
import { validateEndpointSlice, validateEndpoints, validateIngress, validateIngressClass, validateNetworkPolicy } from './networking';
import { validatePod } from './pod';
import { validateBinding, validatePolicyRules } from './rbac';
import { validateHPA, validatePDB } from './scaling';
import { validateService } from './service';
import { validatePV, validatePVC, validateStorageClass } from './storage';
import { validateControllerRevision, validateDaemonSet, validateDeployment, validateReplicaSet, validateReplicationController, validateStatefulSet } from './workloads';

type KindValidator = (obj: J) => FieldError[];

interface KindRules {
  nameFn: NameFn;
  validate?: KindValidator;
}

/** Per `<apiVersion>/<kind>`: how its name is checked and its semantic validator. */
export const KIND_RULES: Readonly<Record<string, KindRules>> = {
  'v1/Pod': { nameFn: nameIsDNSSubdomain, validate: validatePod },
  'v1/Node': { nameFn: nameIsDNSSubdomain, validate: validateNode },
  'v1/Namespace': { nameFn: nameIsDNSLabel, validate: validateNamespaceSpec },
  'v1/Service': { nameFn: nameIsDNS1035Label, validate: validateService },
  'v1/Endpoints': { nameFn: nameIsDNSSubdomain, validate: validateEndpoints },
  'v1/ConfigMap': { nameFn: nameIsDNSSubdomain, validate: validateConfigMap },
  'v1/Secret': { nameFn: nameIsDNSSubdomain, validate: validateSecret },
  'v1/ServiceAccount': { nameFn: nameIsDNSSubdomain },
  'v1/Event': { nameFn: nameIsDNSSubdomain },
  'v1/PersistentVolume': { nameFn: nameIsDNSSubdomain, validate: validatePV },
  'v1/PersistentVolumeClaim': { nameFn: nameIsDNSSubdomain, validate: validatePVC },
  'v1/ResourceQuota': { nameFn: nameIsDNSSubdomain, validate: validateResourceQuota },
  'v1/LimitRange': { nameFn: nameIsDNSSubdomain, validate: validateLimitRange },
  'v1/ReplicationController': { nameFn: nameIsDNSSubdomain, validate: validateReplicationController },
  'apps/v1/Deployment': { nameFn: nameIsDNSSubdomain, validate: validateDeployment },
  'apps/v1/ReplicaSet': { nameFn: nameIsDNSSubdomain, validate: validateReplicaSet },
  'apps/v1/StatefulSet': { nameFn: nameIsDNSLabel, validate: validateStatefulSet },
  'apps/v1/DaemonSet': { nameFn: nameIsDNSSubdomain, validate: validateDaemonSet },
  'apps/v1/ControllerRevision': { nameFn: nameIsDNSSubdomain, validate: validateControllerRevision },
  'batch/v1/Job': { nameFn: nameIsDNSSubdomain, validate: validateJob },
  'batch/v1/CronJob': { nameFn: nameIsDNSSubdomain, validate: validateCronJob },
  'coordination.k8s.io/v1/Lease': { nameFn: nameIsDNSSubdomain, validate: validateLease },
  'discovery.k8s.io/v1/EndpointSlice': { nameFn: nameIsDNSSubdomain, validate: validateEndpointSlice },
  'networking.k8s.io/v1/Ingress': { nameFn: nameIsDNSSubdomain, validate: validateIngress },
  'networking.k8s.io/v1/IngressClass': { nameFn: nameIsDNSSubdomain, validate: validateIngressClass },
  'networking.k8s.io/v1/NetworkPolicy': { nameFn: nameIsDNSSubdomain, validate: validateNetworkPolicy },
  'storage.k8s.io/v1/StorageClass': { nameFn: nameIsDNSSubdomain, validate: validateStorageClass },
  'policy/v1/PodDisruptionBudget': { nameFn: nameIsDNSSubdomain, validate: validatePDB },
  'autoscaling/v2/HorizontalPodAutoscaler': { nameFn: nameIsDNSSubdomain, validate: validateHPA },
  'rbac.authorization.k8s.io/v1/Role': { nameFn: nameIsPathSegment, validate: (o) => validatePolicyRules(o, true) },
  'rbac.authorization.k8s.io/v1/RoleBinding': { nameFn: nameIsPathSegment, validate: (o) => validateBinding(o, false) },
  'rbac.authorization.k8s.io/v1/ClusterRole': { nameFn: nameIsPathSegment, validate: (o) => validatePolicyRules(o, false) },
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': { nameFn: nameIsPathSegment, validate: (o) => validateBinding(o, true) },
  'scheduling.k8s.io/v1/PriorityClass': { nameFn: nameIsDNSSubdomain, validate: validatePriorityClass },
  'apiextensions.k8s.io/v1/CustomResourceDefinition': { nameFn: nameIsDNSSubdomain, validate: validateCRD },
};
