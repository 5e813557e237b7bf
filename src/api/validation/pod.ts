/** PodSpec, pod templates and Pods (pkg/apis/core/validation `ValidatePodSpec`). */
import { type PodOptions, validateContainers, validateInitContainers } from './containers';
import { type FieldError, forbidden, invalid, notSupported, required } from './errors';
import { IP_ERROR, inclusiveRangeError, isValidIP } from './formats';
import { type J, asList, asObj, objs, specOf, str } from './json';
import { validateLabels } from './labels';
import { validateAnnotations } from './meta';
import { nameIsDNSSubdomain, validateDNS1123Label, validateDNS1123Subdomain } from './names';
import { child, index } from './paths';
import { validateAffinity, validateTolerations, validateTopologySpreadConstraints } from './scheduling';
import { validateVolumes } from './volumes';

const SUPPORTED_RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const SUPPORTED_DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];

/** ValidatePodSpec. `opts.isPod` adds the checks upstream makes for Pods but not for templates. */
function validatePodSpec(spec: J, path: string, opts: PodOptions): FieldError[] {
  const errs: FieldError[] = [];
  if (spec.terminationGracePeriodSeconds === undefined || spec.terminationGracePeriodSeconds === null) {
    errs.push(required(child(path, 'terminationGracePeriodSeconds')));
  }
  const volumes = validateVolumes(spec.volumes, child(path, 'volumes'), errs);
  errs.push(...validateContainers(spec.containers, volumes, child(path, 'containers'), opts));
  errs.push(...validateInitContainers(spec.initContainers, spec.containers, volumes, child(path, 'initContainers'), opts));
  if (spec.hostNetwork === true) {
    objs(spec.containers).forEach((c, ci) => {
      objs(c.ports).forEach((port, pi) => {
        const hp = typeof port.hostPort === 'number' ? port.hostPort : 0;
        if ((opts.isPod || hp !== 0) && hp !== port.containerPort) {
          errs.push(invalid(child(index(child(index(child(path, 'containers'), ci), 'ports'), pi), 'hostPort'), hp, 'must match `containerPort` when `hostNetwork` is true'));
        }
      });
    });
  }
  const restartPolicy = str(spec.restartPolicy);
  if (!restartPolicy) errs.push(required(child(path, 'restartPolicy')));
  else if (!SUPPORTED_RESTART_POLICIES.includes(restartPolicy)) {
    errs.push(notSupported(child(path, 'restartPolicy'), restartPolicy, SUPPORTED_RESTART_POLICIES));
  }
  const dnsPolicy = str(spec.dnsPolicy);
  if (!dnsPolicy) errs.push(required(child(path, 'dnsPolicy')));
  else if (!SUPPORTED_DNS_POLICIES.includes(dnsPolicy)) errs.push(notSupported(child(path, 'dnsPolicy'), dnsPolicy, SUPPORTED_DNS_POLICIES));
  errs.push(...validateLabels(spec.nodeSelector, child(path, 'nodeSelector')));
  errs.push(...validateAffinity(asObj(spec.affinity), child(path, 'affinity')));
  errs.push(...validateDNSConfig(asObj(spec.dnsConfig), dnsPolicy, child(path, 'dnsConfig')));
  errs.push(...validateTopologySpreadConstraints(spec.topologySpreadConstraints, child(path, 'topologySpreadConstraints')));
  for (const [field, fn] of [['serviceAccountName', nameIsDNSSubdomain], ['nodeName', nameIsDNSSubdomain], ['priorityClassName', nameIsDNSSubdomain]] as const) {
    const v = str(spec[field]);
    if (v) for (const m of fn(v, false)) errs.push(invalid(child(path, field), v, m));
  }
  const deadline = spec.activeDeadlineSeconds;
  if (typeof deadline === 'number' && (deadline < 1 || deadline > 2147483647)) {
    errs.push(invalid(child(path, 'activeDeadlineSeconds'), deadline, inclusiveRangeError(1, 2147483647)));
  }
  if (str(spec.hostname)) errs.push(...validateDNS1123Label(str(spec.hostname), child(path, 'hostname')));
  if (str(spec.subdomain)) errs.push(...validateDNS1123Label(str(spec.subdomain), child(path, 'subdomain')));
  errs.push(...validateTolerations(spec.tolerations, child(path, 'tolerations')));
  return errs;
}

/** validatePodDNSConfig (fact 119): at most 3 nameservers; dnsPolicy None needs one. */
function validateDNSConfig(cfg: J | undefined, dnsPolicy: string, path: string): FieldError[] {
  if (dnsPolicy === 'None') {
    if (!cfg) return [required(path, 'must provide `dnsConfig` when `dnsPolicy` is None')];
    if (asList(cfg.nameservers).length === 0) return [required(child(path, 'nameservers'), 'must provide at least one DNS nameserver when `dnsPolicy` is None')];
  }
  if (!cfg) return [];
  const errs: FieldError[] = [];
  const nameservers = asList(cfg.nameservers).map(str);
  if (nameservers.length > 3) errs.push(invalid(child(path, 'nameservers'), nameservers, 'must not have more than 3 nameservers'));
  nameservers.forEach((ns, i) => {
    if (!isValidIP(ns)) errs.push(invalid(index(child(path, 'nameservers'), i), ns, IP_ERROR));
  });
  const searches = asList(cfg.searches).map(str);
  if (searches.length > 32) errs.push(invalid(child(path, 'searches'), searches, 'must not have more than 32 search paths'));
  searches.forEach((s, i) => errs.push(...validateDNS1123Subdomain(s.replace(/\.$/, ''), index(child(path, 'searches'), i))));
  return errs;
}

/** ValidatePodTemplateSpec: note upstream reports template labels at `<path>.labels` (ObjectMeta is embedded). */
export function validatePodTemplateSpec(template: J, path: string): FieldError[] {
  const meta = asObj(template.metadata) ?? {};
  const errs = validateLabels(meta.labels, child(path, 'labels'));
  errs.push(...validateAnnotations(meta.annotations, child(path, 'annotations')));
  errs.push(...validatePodSpec(asObj(template.spec) ?? {}, child(path, 'spec'), { isPod: false }));
  if (asList(asObj(template.spec)?.ephemeralContainers).length > 0) {
    errs.push(forbidden(child(path, 'spec', 'ephemeralContainers'), 'ephemeral containers not allowed in pod template'));
  }
  return errs;
}

export function validatePod(pod: J): FieldError[] {
  const spec = specOf(pod);
  const errs = validatePodSpec(spec, 'spec', { isPod: true });
  // Ephemeral containers are added through the ephemeralcontainers subresource only.
  if (asList(spec.ephemeralContainers).length > 0) errs.push(forbidden('spec.ephemeralContainers', 'cannot be set on create'));
  return errs;
}
