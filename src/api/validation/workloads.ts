/** The apps workloads and ReplicationController: selector/template agreement, update strategies. */
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import { labelSelectorFromObject, selectorFromSet } from '../selectors';
import { type FieldError, GoValue, forbidden, goQuote, goStringMap, invalid, notSupported, required } from './errors';
import { type J, asList, asObj, specOf, str } from './json';
import { goLabelSelector, validateLabelSelector, validateLabels } from './labels';
import { validateAnnotations } from './meta';
import { intOrPercent, intOrStringValue, isNotMoreThan100Percent, validateNonnegative, validatePositiveIntOrPercent } from './numeric';
import { child } from './paths';
import { validatePodTemplateSpec } from './pod';

/**
 * The selector/template pair shared by the apps workloads: a required, non-empty selector that
 * matches the template's labels (a missing selector selects nothing, so both errors appear, as upstream).
 */
function validateWorkloadSelector(spec: J, kindWord: string, errs: FieldError[], invalidDetail = 'invalid label selector'): void {
  const selector = asObj(spec.selector);
  if (!selector) errs.push(required('spec.selector'));
  else {
    errs.push(...validateLabelSelector(selector, 'spec.selector'));
    if (Object.keys(asObj(selector.matchLabels) ?? {}).length + asList(selector.matchExpressions).length === 0) {
      errs.push(invalid('spec.selector', goLabelSelector(selector), `empty selector is invalid for ${kindWord}`));
    }
  }
  const template = asObj(spec.template);
  const labels = asObj(asObj(template?.metadata)?.labels);
  try {
    const sel = labelSelectorFromObject(selector as LabelSelector | undefined);
    if (!sel.isEmpty() && !sel.matches(labels as Record<string, string> | undefined)) {
      errs.push(invalid('spec.template.metadata.labels', goStringMap(labels), '`selector` does not match template `labels`'));
    }
  } catch {
    errs.push(invalid('spec.selector', selector ? goLabelSelector(selector) : goStringMap(undefined), invalidDetail));
  }
}

/** The pod template of a workload whose pods must run forever (restartPolicy Always). */
function validateAlwaysRunningTemplate(spec: J, kindWord: string, errs: FieldError[]): void {
  const template = asObj(spec.template);
  if (!template) {
    errs.push(required('spec.template'));
    return;
  }
  errs.push(...validatePodTemplateSpec(template, 'spec.template'));
  errs.push(...alwaysRestartErrors(template, kindWord));
}

/** A template's pod spec of a workload whose pods must run forever: restartPolicy Always, no deadline. */
function alwaysRestartErrors(template: J, kindWord: string): FieldError[] {
  const errs: FieldError[] = [];
  const podSpec = asObj(template.spec) ?? {};
  const rp = str(podSpec.restartPolicy);
  if (rp !== 'Always') errs.push(notSupported('spec.template.spec.restartPolicy', rp, ['Always']));
  if (podSpec.activeDeadlineSeconds !== undefined && podSpec.activeDeadlineSeconds !== null) {
    errs.push(forbidden('spec.template.spec.activeDeadlineSeconds', `activeDeadlineSeconds in ${kindWord} is not Supported`));
  }
  return errs;
}

export function validateDeployment(d: J): FieldError[] {
  const spec = specOf(d);
  const errs = validateNonnegative(spec.replicas, 'spec.replicas');
  validateWorkloadSelector(spec, 'deployment', errs);
  validateAlwaysRunningTemplate(spec, 'ReplicaSet', errs);
  const strategy = asObj(spec.strategy) ?? {};
  const type = str(strategy.type);
  const rollingUpdate = asObj(strategy.rollingUpdate);
  if (type === 'Recreate') {
    if (rollingUpdate) errs.push(forbidden('spec.strategy.rollingUpdate', "may not be specified when strategy `type` is 'Recreate'"));
  } else if (type === 'RollingUpdate') {
    if (!rollingUpdate) errs.push(required('spec.strategy.rollingUpdate', 'this should be defaulted and never be nil'));
    else errs.push(...validateRollingUpdate(rollingUpdate, 'spec.strategy.rollingUpdate'));
  } else {
    const ru = rollingUpdate ? '(*apps.RollingUpdateDeployment)(…)' : '(*apps.RollingUpdateDeployment)(nil)';
    errs.push(notSupported('spec.strategy', new GoValue(`apps.DeploymentStrategy{Type:${goQuote(type)}, RollingUpdate:${ru}}`), ['Recreate', 'RollingUpdate']));
  }
  errs.push(...validateNonnegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  errs.push(...validateNonnegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  const deadline = spec.progressDeadlineSeconds;
  if (typeof deadline === 'number') {
    errs.push(...validateNonnegative(deadline, 'spec.progressDeadlineSeconds'));
    if (deadline <= (typeof spec.minReadySeconds === 'number' ? spec.minReadySeconds : 0)) {
      errs.push(invalid('spec.progressDeadlineSeconds', deadline, 'must be greater than minReadySeconds'));
    }
  }
  return errs;
}

/** ValidateRollingUpdateDeployment: int-or-percent, not both 0, maxUnavailable <= 100%. */
function validateRollingUpdate(ru: J, path: string): FieldError[] {
  const errs = [
    ...validatePositiveIntOrPercent(ru.maxUnavailable, child(path, 'maxUnavailable')),
    ...validatePositiveIntOrPercent(ru.maxSurge, child(path, 'maxSurge')),
  ];
  if (intOrPercent(ru.maxUnavailable) === 0 && intOrPercent(ru.maxSurge) === 0) {
    errs.push(invalid(child(path, 'maxUnavailable'), intOrStringValue(ru.maxUnavailable ?? 0), 'may not be 0 when `maxSurge` is 0'));
  }
  errs.push(...isNotMoreThan100Percent(ru.maxUnavailable, child(path, 'maxUnavailable')));
  return errs;
}

export function validateReplicaSet(rs: J): FieldError[] {
  const spec = specOf(rs);
  const errs = validateNonnegative(spec.replicas, 'spec.replicas');
  errs.push(...validateNonnegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  // Upstream's ReplicaSet message says "deployment" too.
  validateWorkloadSelector(spec, 'deployment', errs);
  validateAlwaysRunningTemplate(spec, 'ReplicaSet', errs);
  return errs;
}

/**
 * ValidateStatefulSetSpec. Upstream does not validate a StatefulSet's pod spec (only its labels and
 * annotations); a bad pod spec surfaces when the controller creates pods.
 */
export function validateStatefulSet(sts: J): FieldError[] {
  const spec = specOf(sts);
  const errs: FieldError[] = [];
  const policy = str(spec.podManagementPolicy);
  if (!policy) errs.push(required('spec.podManagementPolicy'));
  else if (policy !== 'OrderedReady' && policy !== 'Parallel') {
    errs.push(invalid('spec.podManagementPolicy', policy, "must be 'OrderedReady' or 'Parallel'"));
  }
  const strategy = asObj(spec.updateStrategy) ?? {};
  const type = str(strategy.type);
  const ru = asObj(strategy.rollingUpdate);
  if (!type) errs.push(required('spec.updateStrategy'));
  else if (type === 'OnDelete') {
    if (ru) errs.push(invalid('spec.updateStrategy.rollingUpdate', new GoValue('&apps.RollingUpdateStatefulSetStrategy{…}'), "only allowed for updateStrategy 'RollingUpdate'"));
  } else if (type === 'RollingUpdate') {
    if (ru) {
      const p = 'spec.updateStrategy.rollingUpdate';
      errs.push(...validateNonnegative(ru.partition, child(p, 'partition')));
      if (ru.maxUnavailable !== undefined && ru.maxUnavailable !== null) {
        errs.push(...validatePositiveIntOrPercent(ru.maxUnavailable, child(p, 'maxUnavailable')));
        if (intOrPercent(ru.maxUnavailable) === 0) errs.push(invalid(child(p, 'maxUnavailable'), intOrStringValue(ru.maxUnavailable), 'cannot be 0'));
        errs.push(...isNotMoreThan100Percent(ru.maxUnavailable, child(p, 'maxUnavailable')));
      }
    }
  } else {
    errs.push(invalid('spec.updateStrategy', new GoValue(`apps.StatefulSetUpdateStrategy{Type:${goQuote(type)}, RollingUpdate:${ru ? '(*apps.RollingUpdateStatefulSetStrategy)(…)' : '(*apps.RollingUpdateStatefulSetStrategy)(nil)'}}`), "must be 'RollingUpdate' or 'OnDelete'"));
  }
  const retention = asObj(spec.persistentVolumeClaimRetentionPolicy);
  if (retention) {
    for (const f of ['whenDeleted', 'whenScaled']) {
      const v = str(retention[f]);
      if (v !== 'Retain' && v !== 'Delete') errs.push(notSupported(child('spec.persistentVolumeClaimRetentionPolicy', f), v, ['Retain', 'Delete']));
    }
  }
  errs.push(...validateNonnegative(spec.replicas, 'spec.replicas'));
  errs.push(...validateNonnegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  const ordinals = asObj(spec.ordinals);
  if (ordinals) errs.push(...validateNonnegative(ordinals.start, 'spec.ordinals.start'));
  validateWorkloadSelector(spec, 'statefulset', errs, '');
  const template = asObj(spec.template) ?? {};
  const meta = asObj(template.metadata) ?? {};
  errs.push(...validateLabels(meta.labels, 'spec.template.labels'));
  errs.push(...validateAnnotations(meta.annotations, 'spec.template.annotations'));
  errs.push(...alwaysRestartErrors(template, 'StatefulSet'));
  return errs;
}

/** ValidateDaemonSetSpec: no selector is required, but a missing one matches no template. */
export function validateDaemonSet(ds: J): FieldError[] {
  const spec = specOf(ds);
  const selector = asObj(spec.selector);
  const errs = validateLabelSelector(selector, 'spec.selector');
  const template = asObj(spec.template) ?? {};
  const labels = asObj(asObj(template.metadata)?.labels);
  try {
    if (!labelSelectorFromObject(selector as LabelSelector | undefined).matches(labels as Record<string, string> | undefined)) {
      errs.push(invalid('spec.template.metadata.labels', goStringMap(labels), '`selector` does not match template `labels`'));
    }
  } catch {
    // validateLabelSelector has reported the bad selector.
  }
  if (selector && Object.keys(asObj(selector.matchLabels) ?? {}).length + asList(selector.matchExpressions).length === 0) {
    errs.push(invalid('spec.selector', goLabelSelector(selector), 'empty selector is invalid for daemonset'));
  }
  errs.push(...validatePodTemplateSpec(template, 'spec.template'));
  errs.push(...alwaysRestartErrors(template, 'DaemonSet'));
  errs.push(...validateNonnegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  const strategy = asObj(spec.updateStrategy) ?? {};
  const type = str(strategy.type);
  const ru = asObj(strategy.rollingUpdate);
  if (type === 'RollingUpdate') {
    if (!ru) errs.push(required('spec.updateStrategy.rollingUpdate'));
    else errs.push(...validateRollingUpdateDaemonSet(ru, 'spec.updateStrategy.rollingUpdate'));
  } else if (type !== 'OnDelete') {
    const v = new GoValue(`apps.DaemonSetUpdateStrategy{Type:${goQuote(type)}, RollingUpdate:${ru ? '(*apps.RollingUpdateDaemonSet)(…)' : '(*apps.RollingUpdateDaemonSet)(nil)'}}`);
    errs.push(notSupported('spec.updateStrategy', v, ['RollingUpdate', 'OnDelete']));
  }
  errs.push(...validateNonnegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  return errs;
}

/** ValidateRollingUpdateDaemonSet: exactly one of maxSurge and maxUnavailable is non-zero. */
function validateRollingUpdateDaemonSet(ru: J, path: string): FieldError[] {
  const errs = [
    ...validatePositiveIntOrPercent(ru.maxUnavailable, child(path, 'maxUnavailable')),
    ...validatePositiveIntOrPercent(ru.maxSurge, child(path, 'maxSurge')),
    ...isNotMoreThan100Percent(ru.maxUnavailable, child(path, 'maxUnavailable')),
    ...isNotMoreThan100Percent(ru.maxSurge, child(path, 'maxSurge')),
  ];
  const hasUnavailable = intOrPercent(ru.maxUnavailable) !== 0;
  const hasSurge = intOrPercent(ru.maxSurge) !== 0;
  if (hasUnavailable && hasSurge) errs.push(invalid(child(path, 'maxSurge'), intOrStringValue(ru.maxSurge), 'may not be set when maxUnavailable is non-zero'));
  else if (!hasUnavailable && !hasSurge) errs.push(required(child(path, 'maxUnavailable'), 'cannot be 0 when maxSurge is 0'));
  return errs;
}

export function validateReplicationController(rc: J): FieldError[] {
  const spec = specOf(rc);
  const errs = validateNonnegative(spec.replicas, 'spec.replicas');
  errs.push(...validateNonnegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  const selector = asObj(spec.selector) ?? {};
  if (Object.keys(selector).length === 0) errs.push(required('spec.selector'));
  else errs.push(...validateLabels(selector, 'spec.selector'));
  const template = asObj(spec.template);
  if (!template) {
    errs.push(required('spec.template'));
    return errs;
  }
  const labels = asObj(asObj(template.metadata)?.labels);
  if (Object.keys(selector).length > 0 && !selectorFromSet(selector as Record<string, string>).matches(labels as Record<string, string> | undefined)) {
    errs.push(invalid('spec.template.metadata.labels', goStringMap(labels), '`selector` does not match template `labels`'));
  }
  errs.push(...validatePodTemplateSpec(template, 'spec.template'));
  const rp = str(asObj(template.spec)?.restartPolicy);
  if (rp !== 'Always') errs.push(notSupported('spec.template.spec.restartPolicy', rp, ['Always']));
  return errs;
}

export function validateControllerRevision(cr: J): FieldError[] {
  const errs: FieldError[] = [];
  if (cr.data === undefined || cr.data === null) errs.push(required('data', 'data is mandatory'));
  errs.push(...validateNonnegative(cr.revision, 'revision'));
  return errs;
}
