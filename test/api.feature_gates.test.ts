import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FeatureGateError, FeatureGates } from '../src/api/feature_gates';
import { ScenarioDriver } from '../src/dsl/driver';
import { UserError } from '../src/dsl/errors';

test('feature gates default to v1.32: MaxUnavailableStatefulSet is alpha and off', () => {
  assert.equal(FeatureGates.defaults().isEnabled('MaxUnavailableStatefulSet'), false);
});

test('feature gates parse the --feature-gates flag format', () => {
  const g = FeatureGates.parse(' MaxUnavailableStatefulSet=true ');
  assert.equal(g.isEnabled('MaxUnavailableStatefulSet'), true);
  assert.equal(g.toString(), 'MaxUnavailableStatefulSet=true');
  assert.equal(FeatureGates.parse('MaxUnavailableStatefulSet=false').isEnabled('MaxUnavailableStatefulSet'), false);
  // strconv.ParseBool's other spellings.
  assert.equal(FeatureGates.parse('MaxUnavailableStatefulSet=T').isEnabled('MaxUnavailableStatefulSet'), true);
  assert.equal(FeatureGates.parse('MaxUnavailableStatefulSet=0').isEnabled('MaxUnavailableStatefulSet'), false);
});

const bad: [string, RegExp][] = [
  ['NoSuchGate=true', /^unrecognized feature gate: NoSuchGate \(kubespec simulates: MaxUnavailableStatefulSet\)$/],
  ['MaxUnavailableStatefulSet', /^missing bool value for MaxUnavailableStatefulSet$/],
  ['MaxUnavailableStatefulSet=yes', /^invalid value of MaxUnavailableStatefulSet=yes, err: strconv.ParseBool: parsing "yes": invalid syntax$/],
];
for (const [text, message] of bad) {
  test(`feature gates reject ${JSON.stringify(text)}`, () => {
    assert.throws(() => FeatureGates.parse(text), (e: unknown) => e instanceof FeatureGateError && message.test(e.message));
  });
}

test('the driver takes feature gates only before the cluster starts, and names a bad one', () => {
  const d = new ScenarioDriver(1);
  assert.throws(() => d.setFeatureGates('Nope=true'), (e: unknown) => e instanceof UserError && /invalid feature gates "Nope=true": unrecognized feature gate: Nope/.test(e.message));
  d.setFeatureGates('MaxUnavailableStatefulSet=true');
  assert.equal(d.cluster.featureGates.isEnabled('MaxUnavailableStatefulSet'), true);
  assert.throws(() => d.setFeatureGates('MaxUnavailableStatefulSet=false'), (e: unknown) => e instanceof UserError && /before the cluster starts/.test(e.message));
  d.cluster.stop();
});
