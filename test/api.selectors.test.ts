import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  FieldSelector,
  FieldSelectorError,
  Selector,
  SelectorParseError,
  convertFieldSelector,
  fieldsFor,
  formatLabelSelector,
  labelSelectorFromObject,
  matchesFieldSelector,
  newRequirement,
  parseFieldSelector,
  parseLabelSelector,
  selectorFromSet,
  type Operator,
} from '../src/api/selectors';

const NAME_PART_ERR =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const VALUE_ERR =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

test('parseLabelSelector: kubectl syntax to canonical text (sorted by key, values sorted)', () => {
  const cases: [string, string][] = [
    ['', ''],
    ['   ', ''],
    ['a=b', 'a=b'],
    ['a==b', 'a==b'],
    ['a!=b', 'a!=b'],
    ['a', 'a'],
    ['!a', '!a'],
    ['a in (y,x)', 'a in (x,y)'],
    ['a in (x, y, x)', 'a in (x,y)'],
    ['a notin (x)', 'a notin (x)'],
    [' b = c , a in ( y , x ) ,!z, d notin (q), e', 'a in (x,y),b=c,d notin (q),e,!z'],
    ['a=', 'a='],
    ['a=,b', 'a=,b'],
    ['x in (foo,,baz),y,z notin ()', 'x in (,baz,foo),y,z notin ()'],
    ['x in (in)', 'x in (in)'],
    ['in=notin', 'in=notin'],
    ['a>1,b<10', 'a>1,b<10'],
    ['example.com/app=web', 'example.com/app=web'],
    ['a=b\t,\nc=d', 'a=b,c=d'],
  ];
  for (const [input, canonical] of cases) {
    assert.equal(parseLabelSelector(input).toString(), canonical, input);
  }
});

test('parseLabelSelector: upstream error messages', () => {
  const cases: [string, string][] = [
    ['a b', "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"],
    ['a in', "unable to parse requirement: found '' expected: '('"],
    ['a in (x', "unable to parse requirement: found '', expected: ',' or ')'"],
    ['a=b,', "found '', expected: identifier after ','"],
    ['a=b c', "found 'c', expected: ',' or 'end of string'"],
    [',a', "found ',', expected: !, identifier, or 'end of string'"],
    ['!a=b', "found '=', expected: ',' or 'end of string'"],
    ['-a=b', `unable to parse requirement: <nil>: Invalid value: "-a": ${NAME_PART_ERR}`],
    ['a=-b', `unable to parse requirement: values[0][a]: Invalid value: "-b": ${VALUE_ERR}`],
    ['a>x', `unable to parse requirement: values[0]: Invalid value: "x": for 'Gt', 'Lt' operators, the value must be an integer`],
    ['a/b/c=d', `unable to parse requirement: <nil>: Invalid value: "a/b/c": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`],
    ['/a=b', 'unable to parse requirement: <nil>: Invalid value: "/a": prefix part must be non-empty'],
    [`${'a'.repeat(64)}=b`, `unable to parse requirement: <nil>: Invalid value: "${'a'.repeat(64)}": name part must be no more than 63 characters`],
  ];
  for (const [input, message] of cases) {
    assert.throws(() => parseLabelSelector(input), (e: unknown) => e instanceof SelectorParseError && e.message === message, input);
  }
});

test('Selector.matches: each operator as labels.Requirement.Matches', () => {
  const labels = { app: 'web', tier: 'front', n: '5', bad: 'x' };
  const cases: [string, boolean][] = [
    ['app=web', true],
    ['app==web', true],
    ['app=db', false],
    ['app!=db', true],
    ['missing!=db', true],
    ['app in (db,web)', true],
    ['app in (db)', false],
    ['missing in (db)', false],
    ['app notin (db)', true],
    ['app notin (web)', false],
    ['missing notin (web)', true],
    ['app', true],
    ['missing', false],
    ['!missing', true],
    ['!app', false],
    ['n>4', true],
    ['n>5', false],
    ['n<6', true],
    ['bad>1', false],
    ['missing<1', false],
    ['app=web,tier=front', true],
    ['app=web,tier=back', false],
    ['', true],
  ];
  for (const [sel, want] of cases) assert.equal(parseLabelSelector(sel).matches(labels), want, sel);
  assert.equal(parseLabelSelector('a!=b').matches(undefined), true);
  assert.equal(parseLabelSelector('a').matches(undefined), false);
});

test('labelSelectorFromObject: nil selects nothing, empty everything (LabelSelectorAsSelector)', () => {
  assert.equal(labelSelectorFromObject(undefined).isNothing(), true);
  assert.equal(labelSelectorFromObject(null).matches({}), false);
  assert.equal(labelSelectorFromObject({}).isEmpty(), true);
  assert.equal(labelSelectorFromObject({}).matches({ any: 'thing' }), true);
  assert.equal(labelSelectorFromObject({ matchLabels: {}, matchExpressions: [] }).isEmpty(), true);
  const sel = labelSelectorFromObject({
    matchLabels: { tier: 'front', app: 'web' },
    matchExpressions: [
      { key: 'env', operator: 'In', values: ['prod', 'dev'] },
      { key: 'canary', operator: 'DoesNotExist' },
      { key: 'zone', operator: 'Exists' },
      { key: 'track', operator: 'NotIn', values: ['beta'] },
    ],
  });
  assert.equal(sel.toString(), 'app=web,!canary,env in (dev,prod),tier=front,track notin (beta),zone');
  assert.equal(sel.matches({ app: 'web', tier: 'front', env: 'prod', zone: 'a' }), true);
  assert.equal(sel.matches({ app: 'web', tier: 'front', env: 'prod', zone: 'a', canary: 'y' }), false);
  assert.equal(sel.matches({ app: 'web', tier: 'front', env: 'prod', zone: 'a', track: 'beta' }), false);
  assert.equal(Selector.nothing().toString(), '');
  assert.equal(Selector.empty().matches({}), true);
});

test('labelSelectorFromObject: validation errors as upstream', () => {
  const cases: [unknown, string][] = [
    [{ matchExpressions: [{ key: 'a', operator: 'Foo' }] }, '"Foo" is not a valid label selector operator'],
    [{ matchExpressions: [{ key: 'a', operator: 'In' }] }, "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty"],
    [{ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }, `values: Invalid value: []string{"x"}: values set must be empty for exists and does not exist`],
    [{ matchLabels: { 'a b': 'c' } }, `key: Invalid value: "a b": ${NAME_PART_ERR}`],
    [
      { matchExpressions: [{ key: '-k', operator: 'In', values: ['-v'] }] },
      `[key: Invalid value: "-k": ${NAME_PART_ERR}, values[0][-k]: Invalid value: "-v": ${VALUE_ERR}]`,
    ],
  ];
  for (const [sel, message] of cases) {
    assert.throws(
      () => labelSelectorFromObject(sel as never),
      (e: unknown) => e instanceof SelectorParseError && e.message === message,
      JSON.stringify(sel),
    );
  }
  assert.equal(formatLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Foo' }] }), '<error>');
  assert.equal(formatLabelSelector({}), '<none>');
  assert.equal(formatLabelSelector({ matchLabels: { a: 'b' } }), 'a=b');
});

test('selectorFromSet, requiresExactMatch, add', () => {
  assert.equal(selectorFromSet(undefined).isEmpty(), true);
  const s = selectorFromSet({ b: '2', a: '1' });
  assert.equal(s.toString(), 'a=1,b=2');
  assert.equal(s.requiresExactMatch('b'), '2');
  assert.equal(parseLabelSelector('a in (x)').requiresExactMatch('a'), 'x');
  assert.equal(parseLabelSelector('a in (x,y)').requiresExactMatch('a'), undefined);
  assert.equal(parseLabelSelector('a!=x').requiresExactMatch('a'), undefined);
  assert.equal(s.add(newRequirement('0', 'exists', [])).toString(), '0,a=1,b=2');
  assert.equal(Selector.nothing().add(newRequirement('a', 'exists', [])).isNothing(), true);
});

test('parseFieldSelector: operators, escapes, canonical text, matching', () => {
  const cases: [string, string][] = [
    ['', ''],
    ['metadata.name=web', 'metadata.name=web'],
    ['metadata.name==web', 'metadata.name=web'],
    ['status.phase!=Running,spec.nodeName=node-1', 'spec.nodeName=node-1,status.phase!=Running'],
    ['metadata.name=a\\,b\\=c\\\\d', 'metadata.name=a\\,b\\=c\\\\d'],
  ];
  for (const [input, canonical] of cases) assert.equal(parseFieldSelector(input).toString(), canonical, input);
  assert.equal(parseFieldSelector('metadata.name=a\\,b').terms[0].value, 'a,b');
  const fields = { 'metadata.name': 'web', 'status.phase': 'Running' };
  assert.equal(parseFieldSelector('metadata.name=web,status.phase!=Pending').matches(fields), true);
  assert.equal(parseFieldSelector('status.phase!=Running').matches(fields), false);
  assert.equal(parseFieldSelector('spec.nodeName=').matches(fields), true, 'a missing field reads as empty');
  assert.equal(FieldSelector.fromSet({ 'metadata.name': 'web' }).requiresExactMatch('metadata.name'), 'web');
  assert.equal(FieldSelector.everything().isEmpty(), true);
});

test('parseFieldSelector: upstream errors', () => {
  const cases: [string, string][] = [
    ['metadata.name', "invalid selector: 'metadata.name'; can't understand 'metadata.name'"],
    ['a=b=c', 'invalid field selector: unescaped character in value: 61'],
    ['a=b\\x', 'invalid field selector: invalid escape sequence: \\x'],
    ['a=b\\', 'invalid field selector: invalid escape sequence: \\'],
  ];
  for (const [input, message] of cases) {
    assert.throws(() => parseFieldSelector(input), (e: unknown) => e instanceof SelectorParseError && e.message === message, input);
  }
});

test('convertFieldSelector: supported labels per kind and each conversion function\'s error', () => {
  const ok: [string, string][] = [
    ['Pod', 'spec.nodeName=n,spec.restartPolicy=Always,spec.schedulerName=s,spec.serviceAccountName=sa,spec.hostNetwork=true,status.phase=Running,status.podIP=1.2.3.4,status.nominatedNodeName=n,metadata.name=a,metadata.namespace=b'],
    ['Node', 'metadata.name=a,spec.unschedulable=true'],
    ['Event', 'involvedObject.kind=Pod,involvedObject.namespace=d,involvedObject.name=p,involvedObject.uid=u,involvedObject.apiVersion=v1,involvedObject.resourceVersion=1,involvedObject.fieldPath=f,reason=r,reportingComponent=c,source=s,type=Normal'],
    ['Secret', 'type=Opaque'],
    ['Namespace', 'status.phase=Active'],
    ['ReplicaSet', 'status.replicas=1'],
    ['ReplicationController', 'status.replicas=1'],
    ['Job', 'status.successful=1'],
    ['Deployment', 'metadata.name=a,metadata.namespace=b'],
  ];
  for (const [kind, sel] of ok) assert.doesNotThrow(() => convertFieldSelector(kind, parseFieldSelector(sel)), kind);
  assert.equal(convertFieldSelector('Pod', parseFieldSelector('spec.host=n1')).toString(), 'spec.nodeName=n1');

  const bad: [string, string, string][] = [
    ['Pod', 'spec.foo=x', 'field label not supported: spec.foo'],
    ['Node', 'metadata.namespace=x', 'field label not supported: metadata.namespace'],
    ['Namespace', 'metadata.namespace=x', 'field label not supported: metadata.namespace'],
    ['Secret', 'data=x', 'field label not supported: data'],
    ['Job', 'spec.foo=x', 'field label "spec.foo" not supported for Job'],
    ['Deployment', 'spec.replicas=1', '"spec.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"'],
  ];
  for (const [kind, sel, message] of bad) {
    assert.throws(
      () => convertFieldSelector(kind, parseFieldSelector(sel)),
      (e: unknown) => e instanceof FieldSelectorError && e.message === message,
      `${kind} ${sel}`,
    );
  }
});

test('fieldsFor: the field set each registry exposes', () => {
  const pod = {
    metadata: { name: 'web-1', namespace: 'default' },
    spec: { nodeName: 'node-1', restartPolicy: 'Always', schedulerName: 'default-scheduler', serviceAccountName: 'default' },
    status: { phase: 'Running', podIP: '10.0.0.9', podIPs: [{ ip: '10.0.0.5' }] },
  };
  assert.deepEqual(fieldsFor('Pod', pod), {
    'metadata.name': 'web-1',
    'metadata.namespace': 'default',
    'spec.nodeName': 'node-1',
    'spec.restartPolicy': 'Always',
    'spec.schedulerName': 'default-scheduler',
    'spec.serviceAccountName': 'default',
    'spec.hostNetwork': 'false',
    'status.phase': 'Running',
    'status.podIP': '10.0.0.5',
    'status.nominatedNodeName': '',
  });
  assert.deepEqual(fieldsFor('Node', { metadata: { name: 'n' }, spec: { unschedulable: true } }), {
    'metadata.name': 'n',
    'spec.unschedulable': 'true',
  });
  assert.deepEqual(fieldsFor('Namespace', { metadata: { name: 'ns' }, status: { phase: 'Active' } }), {
    'metadata.name': 'ns',
    'status.phase': 'Active',
  });
  assert.equal(fieldsFor('Secret', { metadata: { name: 's', namespace: 'd' }, type: 'Opaque' }).type, 'Opaque');
  assert.equal(fieldsFor('ReplicaSet', { metadata: { name: 'r' }, status: {} })['status.replicas'], '0');
  assert.equal(fieldsFor('ReplicationController', { metadata: { name: 'r' }, status: { replicas: 3 } })['status.replicas'], '3');
  assert.equal(fieldsFor('Job', { metadata: { name: 'j' }, status: { succeeded: 2 } })['status.successful'], '2');
  const event = {
    metadata: { name: 'e', namespace: 'default' },
    involvedObject: { kind: 'Pod', name: 'web-1', namespace: 'default', uid: 'u1', apiVersion: 'v1', resourceVersion: '7', fieldPath: 'spec.containers{app}' },
    reason: 'Scheduled',
    reportingComponent: 'default-scheduler',
    source: {},
    type: 'Normal',
  };
  const ef = fieldsFor('Event', event);
  assert.equal(ef['involvedObject.fieldPath'], 'spec.containers{app}');
  assert.equal(ef.source, 'default-scheduler', 'source falls back to the reporting controller');
  assert.equal(ef.reason, 'Scheduled');
  assert.deepEqual(fieldsFor('Widget', { metadata: { name: 'w' } }, false), { 'metadata.name': 'w' });
  assert.equal(matchesFieldSelector('Pod', parseFieldSelector('spec.nodeName=node-1,status.phase!=Pending'), pod), true);
  assert.equal(matchesFieldSelector('Pod', parseFieldSelector('spec.host=node-2'), pod), false);
  assert.throws(() => matchesFieldSelector('Pod', parseFieldSelector('spec.foo=x'), pod), FieldSelectorError);
});

// --- property: toString then parse gives an equivalent selector ---------------------------------

const keyArb = fc.oneof(
  fc.stringMatching(/^[a-z0-9]([-a-z0-9_.]{0,6}[a-z0-9])?$/),
  fc.constantFrom('in', 'notin', 'app', 'example.com/tier'),
);
const valueArb = fc.oneof(fc.stringMatching(/^([A-Za-z0-9]([-A-Za-z0-9_.]{0,5}[A-Za-z0-9])?)?$/), fc.constantFrom('', 'in', 'x', '1'));
const requirementArb = fc
  .tuple(keyArb, fc.constantFrom<Operator>('=', '==', '!=', 'in', 'notin', 'exists', '!', 'gt', 'lt'), fc.uniqueArray(valueArb, { minLength: 1, maxLength: 3 }), fc.nat(100))
  .map(([key, op, values, n]) => {
    switch (op) {
      case 'in':
      case 'notin':
        return newRequirement(key, op, values);
      case 'exists':
      case '!':
        return newRequirement(key, op, []);
      case 'gt':
      case 'lt':
        return newRequirement(key, op, [String(n)]);
      default:
        return newRequirement(key, op, [values[0]]);
    }
  });
const labelsArb = fc.dictionary(fc.constantFrom('in', 'notin', 'app', 'example.com/tier', 'a', '0'), fc.constantFrom('', 'in', 'x', '1', '50', 'web'));

test('property: parse(sel.toString()) is the same selector (text and behaviour)', () => {
  fc.assert(
    fc.property(fc.array(requirementArb, { maxLength: 5 }), fc.array(labelsArb, { minLength: 1, maxLength: 5 }), (reqs, labelSets) => {
      const sel = Selector.of(reqs);
      const again = parseLabelSelector(sel.toString());
      assert.equal(again.toString(), sel.toString());
      for (const labels of labelSets) assert.equal(again.matches(labels), sel.matches(labels));
    }),
    { numRuns: 300 },
  );
});
