import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../src/scheduler/apis/config/load';
import { ConfigError } from '../src/scheduler/apis/config/config_error';
import { DEFAULT_MULTI_POINT, mergePluginSet } from '../src/scheduler/apis/config/default_plugins';
import type { KubeSchedulerConfiguration, PluginSet } from '../src/scheduler/apis/config/types';

const HEADER = 'apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n';

function errorOf(yaml: string): string {
  try {
    loadConfig(yaml);
  } catch (e) {
    assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${String(e)}`);
    return e.message;
  }
  throw new Error('expected the configuration to be rejected');
}

const names = (s: PluginSet) => s.enabled.map((p) => (p.weight ? `${p.name}:${p.weight}` : p.name));

test('fact 55, 72: the default configuration', () => {
  for (const cfg of [loadConfig(), loadConfig(''), loadConfig(HEADER)]) {
    assert.equal(cfg.parallelism, 16);
    assert.equal(cfg.percentageOfNodesToScore, 0);
    assert.equal(cfg.podInitialBackoffSeconds, 1);
    assert.equal(cfg.podMaxBackoffSeconds, 10);
    assert.deepEqual(cfg.extenders, []);
    assert.equal(cfg.profiles.length, 1);
    const p = cfg.profiles[0];
    assert.equal(p.schedulerName, 'default-scheduler');
    assert.equal(p.percentageOfNodesToScore, undefined);
    assert.deepEqual(names(p.plugins.multiPoint), [
      'SchedulingGates',
      'PrioritySort',
      'NodeUnschedulable',
      'NodeName',
      'TaintToleration:3',
      'NodeAffinity:2',
      'NodePorts',
      'NodeResourcesFit:1',
      'VolumeRestrictions',
      'NodeVolumeLimits',
      'VolumeBinding',
      'VolumeZone',
      'PodTopologySpread:2',
      'InterPodAffinity:2',
      'DefaultPreemption',
      'NodeResourcesBalancedAllocation:1',
      'ImageLocality:1',
      'DefaultBinder',
    ]);
    assert.deepEqual(p.plugins.filter, { enabled: [], disabled: [] });
  }
});

test('facts 60, 67, 68, 72: default plugin args, appended in plugin name order', () => {
  const p = loadConfig().profiles[0];
  assert.deepEqual(p.pluginConfig, [
    { name: 'DefaultPreemption', args: { minCandidateNodesPercentage: 10, minCandidateNodesAbsolute: 100 } },
    { name: 'InterPodAffinity', args: { hardPodAffinityWeight: 1, ignorePreferredTermsOfExistingPods: false } },
    { name: 'NodeAffinity', args: {} },
    { name: 'NodeResourcesBalancedAllocation', args: { resources: [{ name: 'cpu', weight: 1 }, { name: 'memory', weight: 1 }] } },
    {
      name: 'NodeResourcesFit',
      args: { ignoredResources: [], ignoredResourceGroups: [], scoringStrategy: { type: 'LeastAllocated', resources: [{ name: 'cpu', weight: 1 }, { name: 'memory', weight: 1 }] } },
    },
    { name: 'PodTopologySpread', args: { defaultConstraints: [], defaultingType: 'System' } },
    { name: 'VolumeBinding', args: { bindTimeoutSeconds: 600 } },
  ]);
});

test('user args are defaulted in place: resource weight 0 is 1, missing resources are cpu/memory', () => {
  const cfg = loadConfig(`${HEADER}profiles:
- pluginConfig:
  - name: NodeResourcesFit
    args:
      scoringStrategy:
        type: MostAllocated
        resources: [{name: cpu, weight: 0}, {name: memory, weight: 2}]
  - name: InterPodAffinity
    args: {hardPodAffinityWeight: 5}
  - name: NodeResourcesBalancedAllocation
    args: {}
`);
  const args = (n: string) => cfg.profiles[0].pluginConfig.find((c) => c.name === n)?.args;
  assert.deepEqual(args('NodeResourcesFit'), {
    ignoredResources: [],
    ignoredResourceGroups: [],
    scoringStrategy: { type: 'MostAllocated', resources: [{ name: 'cpu', weight: 1 }, { name: 'memory', weight: 2 }] },
  });
  assert.deepEqual(args('InterPodAffinity'), { hardPodAffinityWeight: 5, ignorePreferredTermsOfExistingPods: false });
  assert.deepEqual(args('NodeResourcesBalancedAllocation'), { resources: [{ name: 'cpu', weight: 1 }, { name: 'memory', weight: 1 }] });
  // The user's entries come first, then the defaults of the other enabled plugins.
  assert.deepEqual(
    cfg.profiles[0].pluginConfig.map((c) => c.name),
    ['NodeResourcesFit', 'InterPodAffinity', 'NodeResourcesBalancedAllocation', 'DefaultPreemption', 'NodeAffinity', 'PodTopologySpread', 'VolumeBinding'],
  );
});

test('scalar settings and per-profile percentage are kept', () => {
  const cfg = loadConfig(`${HEADER}parallelism: 4
percentageOfNodesToScore: 30
podInitialBackoffSeconds: 2
podMaxBackoffSeconds: 20
profiles:
- schedulerName: a
  percentageOfNodesToScore: 70
- schedulerName: b
`);
  assert.deepEqual([cfg.parallelism, cfg.percentageOfNodesToScore, cfg.podInitialBackoffSeconds, cfg.podMaxBackoffSeconds], [4, 30, 2, 20]);
  assert.deepEqual(
    cfg.profiles.map((p) => [p.schedulerName, p.percentageOfNodesToScore]),
    [
      ['a', 70],
      ['b', undefined],
    ],
  );
});

// Upstream mergePluginSet cases (apis/config/v1/default_plugins_test.go TestMergePlugins).
const mergeCases: { name: string; defaults: PluginSet; custom: Partial<PluginSet>; want: PluginSet }[] = [
  {
    name: 'custom plugins are appended after the defaults',
    defaults: { enabled: [{ name: 'DefaultPlugin1' }, { name: 'DefaultPlugin2' }], disabled: [] },
    custom: { enabled: [{ name: 'CustomPlugin' }] },
    want: { enabled: [{ name: 'DefaultPlugin1' }, { name: 'DefaultPlugin2' }, { name: 'CustomPlugin' }], disabled: [] },
  },
  {
    name: "'*' disables every default",
    defaults: { enabled: [{ name: 'DefaultPlugin1' }, { name: 'DefaultPlugin2' }], disabled: [] },
    custom: { enabled: [{ name: 'CustomPlugin' }], disabled: [{ name: '*' }] },
    want: { enabled: [{ name: 'CustomPlugin' }], disabled: [{ name: '*' }] },
  },
  {
    name: 'a disabled default is dropped and kept in disabled',
    defaults: { enabled: [{ name: 'DefaultPlugin1' }, { name: 'DefaultPlugin2' }], disabled: [] },
    custom: { disabled: [{ name: 'DefaultPlugin1' }] },
    want: { enabled: [{ name: 'DefaultPlugin2' }], disabled: [{ name: 'DefaultPlugin1' }] },
  },
  {
    name: 'a default enabled again is replaced in place (its weight wins)',
    defaults: { enabled: [{ name: 'DefaultPlugin1', weight: 1 }, { name: 'DefaultPlugin2', weight: 2 }], disabled: [] },
    custom: { enabled: [{ name: 'DefaultPlugin2', weight: 5 }, { name: 'CustomPlugin', weight: 3 }] },
    want: { enabled: [{ name: 'DefaultPlugin1', weight: 1 }, { name: 'DefaultPlugin2', weight: 5 }, { name: 'CustomPlugin', weight: 3 }], disabled: [] },
  },
  {
    name: 'disabled and re-enabled: the user order after the remaining defaults',
    defaults: { enabled: [{ name: 'DefaultPlugin1' }, { name: 'DefaultPlugin2' }], disabled: [] },
    custom: { enabled: [{ name: 'DefaultPlugin1' }], disabled: [{ name: 'DefaultPlugin1' }] },
    want: { enabled: [{ name: 'DefaultPlugin2' }, { name: 'DefaultPlugin1' }], disabled: [{ name: 'DefaultPlugin1' }] },
  },
  {
    name: "the default set's own disabled entries are kept after the user's",
    defaults: { enabled: [{ name: 'DefaultPlugin1' }], disabled: [{ name: 'DefaultPlugin2' }] },
    custom: { disabled: [{ name: 'DefaultPlugin3' }] },
    want: { enabled: [{ name: 'DefaultPlugin1' }], disabled: [{ name: 'DefaultPlugin3' }, { name: 'DefaultPlugin2' }] },
  },
  {
    name: 'duplicated custom plugins are all appended (the framework rejects them)',
    defaults: { enabled: [{ name: 'DefaultPlugin1' }], disabled: [] },
    custom: { enabled: [{ name: 'CustomPlugin' }, { name: 'CustomPlugin' }] },
    want: { enabled: [{ name: 'DefaultPlugin1' }, { name: 'CustomPlugin' }, { name: 'CustomPlugin' }], disabled: [] },
  },
];

for (const c of mergeCases) {
  test(`mergePluginSet: ${c.name}`, () => {
    assert.deepEqual(mergePluginSet(c.defaults, c.custom), c.want);
  });
}

test('fact 55: user plugins merge onto the multiPoint defaults; other points stay as written', () => {
  const cfg = loadConfig(`${HEADER}profiles:
- plugins:
    multiPoint:
      enabled:
      - name: NodeResourcesFit
        weight: 5
      disabled:
      - name: ImageLocality
    score:
      disabled:
      - name: '*'
      enabled:
      - name: NodeResourcesBalancedAllocation
        weight: 7
`);
  const p = cfg.profiles[0].plugins;
  const mp = names(p.multiPoint);
  assert.equal(mp.includes('NodeResourcesFit:5'), true);
  assert.equal(mp.indexOf('NodeResourcesFit:5'), DEFAULT_MULTI_POINT.findIndex((r) => r.name === 'NodeResourcesFit'));
  assert.equal(mp.some((n) => n.startsWith('ImageLocality')), false);
  assert.deepEqual(p.multiPoint.disabled, [{ name: 'ImageLocality' }]);
  assert.deepEqual(p.score, { enabled: [{ name: 'NodeResourcesBalancedAllocation', weight: 7 }], disabled: [{ name: '*' }] });
});

// Decoding: strict fields and Go types, as kube-scheduler's --config loader reports them.
const decodeCases: { name: string; yaml: string; error: string }[] = [
  {
    name: 'an unknown top-level field',
    yaml: `${HEADER}paralelism: 3\n`,
    error: 'strict decoding error: unknown field "paralelism"',
  },
  {
    name: 'unknown fields deep in profiles are all listed with their paths',
    yaml: `${HEADER}profiles:\n- schedulerName: a\n  plugins:\n    score:\n      enabled:\n      - name: X\n        wieght: 2\n  foo: 1\n`,
    error: 'strict decoding error: unknown field "profiles[0].plugins.score.enabled[0].wieght", unknown field "profiles[0].foo"',
  },
  {
    name: 'a string where Go has int32',
    yaml: `${HEADER}parallelism: "8"\n`,
    error: 'json: cannot unmarshal string into Go struct field KubeSchedulerConfiguration.parallelism of type int32',
  },
  {
    name: 'a fractional plugin weight',
    yaml: `${HEADER}profiles:\n- plugins:\n    score:\n      enabled:\n      - name: ImageLocality\n        weight: 1.5\n`,
    error: 'json: cannot unmarshal number 1.5 into Go struct field Plugin.profiles.plugins.score.enabled.weight of type int32',
  },
  {
    name: 'a plugin weight beyond int32',
    yaml: `${HEADER}profiles:\n- plugins:\n    score:\n      enabled:\n      - name: ImageLocality\n        weight: 3000000000\n`,
    error: 'json: cannot unmarshal number 3000000000 into Go struct field Plugin.profiles.plugins.score.enabled.weight of type int32',
  },
  {
    name: 'profiles that are not a list',
    yaml: `${HEADER}profiles: {schedulerName: a}\n`,
    error: 'json: cannot unmarshal object into Go struct field KubeSchedulerConfiguration.profiles of type []v1.KubeSchedulerProfile',
  },
  {
    name: 'an unregistered version',
    yaml: 'apiVersion: kubescheduler.config.k8s.io/v1beta3\nkind: KubeSchedulerConfiguration\n',
    error: 'no kind "KubeSchedulerConfiguration" is registered for version "kubescheduler.config.k8s.io/v1beta3" in scheme "pkg/scheduler/apis/config/scheme/scheme.go:30"',
  },
  {
    name: 'no kind',
    yaml: 'apiVersion: kubescheduler.config.k8s.io/v1\n',
    error: 'Object \'Kind\' is missing in \'{"apiVersion":"kubescheduler.config.k8s.io/v1"}\'',
  },
  {
    name: 'an unknown field in plugin args',
    yaml: `${HEADER}profiles:\n- pluginConfig:\n  - name: NodeResourcesFit\n    args:\n      scoringStrategy:\n        typ: LeastAllocated\n`,
    error: 'decoding .profiles[0].pluginConfig[0]: strict decoding error: decoding args for plugin NodeResourcesFit: strict decoding error: unknown field "scoringStrategy.typ"',
  },
  {
    name: 'args of another kind',
    yaml: `${HEADER}profiles:\n- pluginConfig:\n  - name: InterPodAffinity\n    args:\n      apiVersion: kubescheduler.config.k8s.io/v1\n      kind: NodeResourcesFitArgs\n`,
    error: 'decoding .profiles[0].pluginConfig[0]: args for plugin InterPodAffinity were not of type InterPodAffinityArgs.kubescheduler.config.k8s.io, got NodeResourcesFitArgs.kubescheduler.config.k8s.io',
  },
  {
    name: 'a wrong type in plugin args',
    yaml: `${HEADER}profiles:\n- pluginConfig:\n  - name: InterPodAffinity\n    args: {hardPodAffinityWeight: heavy}\n`,
    error: 'decoding .profiles[0].pluginConfig[0]: decoding args for plugin InterPodAffinity: json: cannot unmarshal string into Go struct field InterPodAffinityArgs.hardPodAffinityWeight of type int32',
  },
];

for (const c of decodeCases) {
  test(`decode: ${c.name}`, () => {
    assert.equal(errorOf(c.yaml), c.error);
  });
}

test('decode: args of plugins without an args kind are kept as written', () => {
  const cfg = loadConfig(`${HEADER}profiles:\n- pluginConfig:\n  - name: TaintToleration\n    args: {anything: [1, 2]}\n`);
  assert.deepEqual(cfg.profiles[0].pluginConfig[0], { name: 'TaintToleration', args: { anything: [1, 2] } });
});

// Validation: upstream field.Error texts, aggregated as `[a, b]` when several.
const validationCases: { name: string; yaml: string; error: string }[] = [
  {
    name: 'duplicate scheduler names',
    yaml: `${HEADER}profiles:\n- schedulerName: x\n- schedulerName: x\n`,
    error: 'profiles[1].schedulerName: Duplicate value: "x"',
  },
  {
    name: 'a profile without a name when there are several',
    yaml: `${HEADER}profiles:\n- schedulerName: x\n- {}\n`,
    error: 'profiles[1].schedulerName: Required value',
  },
  {
    name: 'fact 69: percentageOfNodesToScore out of range, globally and per profile',
    yaml: `${HEADER}percentageOfNodesToScore: 101\nprofiles:\n- percentageOfNodesToScore: -1\n`,
    error: '[profiles[0].percentageOfNodesToScore: Invalid value: -1: not in valid range [0-100], percentageOfNodesToScore: Invalid value: 101: not in valid range [0-100]]',
  },
  {
    name: 'parallelism must be positive',
    yaml: `${HEADER}parallelism: 0\n`,
    error: 'parallelism: Invalid value: 0: should be an integer value greater than zero',
  },
  {
    name: 'backoffs',
    yaml: `${HEADER}podInitialBackoffSeconds: 5\npodMaxBackoffSeconds: 2\n`,
    error: 'podMaxBackoffSeconds: Invalid value: 2: must be greater than or equal to PodInitialBackoffSeconds',
  },
  {
    name: 'fact 56: a plugin removed in v1',
    yaml: `${HEADER}profiles:\n- plugins:\n    filter:\n      enabled:\n      - name: EBSLimits\n`,
    error: 'profiles[0].plugins.filter.enabled[0]: Invalid value: "EBSLimits": was invalid in version "kubescheduler.config.k8s.io/v1" (KubeSchedulerConfiguration is version "kubescheduler.config.k8s.io/v1")',
  },
  {
    name: 'fact 60: NodeResourcesFit scoring strategy type',
    yaml: `${HEADER}profiles:\n- pluginConfig:\n  - name: NodeResourcesFit\n    args: {scoringStrategy: {type: Balanced}}\n`,
    error: 'profiles[0].pluginConfig[0].args.scoringStrategy.type: Unsupported value: "Balanced": supported values: "LeastAllocated", "MostAllocated", "RequestedToCapacityRatio"',
  },
  {
    name: 'fact 60: NodeResourcesFit resource weights 1..100',
    yaml: `${HEADER}profiles:\n- pluginConfig:\n  - name: NodeResourcesFit\n    args: {scoringStrategy: {type: LeastAllocated, resources: [{name: cpu, weight: 101}, {name: memory, weight: -1}]}}\n`,
    error:
      '[profiles[0].pluginConfig[0].args.scoringStrategy.resources[0].weight: Invalid value: 101: resource weight of cpu not in valid range (0, 100], profiles[0].pluginConfig[0].args.scoringStrategy.resources[1].weight: Invalid value: -1: resource weight of memory not in valid range (0, 100]]',
  },
  {
    name: 'NodeResourcesFit RequestedToCapacityRatio needs a shape',
    yaml: `${HEADER}profiles:\n- pluginConfig:\n  - name: NodeResourcesFit\n    args: {scoringStrategy: {type: RequestedToCapacityRatio}}\n`,
    error: 'profiles[0].pluginConfig[0].args.scoringStrategy.requestedToCapacityRatio: Required value: must be specified when type is RequestedToCapacityRatio',
  },
  {
    name: 'NodeResourcesFit shape points',
    yaml: `${HEADER}profiles:\n- pluginConfig:\n  - name: NodeResourcesFit\n    args: {scoringStrategy: {type: RequestedToCapacityRatio, requestedToCapacityRatio: {shape: [{utilization: 50, score: 11}, {utilization: 10, score: 2}]}}}\n`,
    error:
      '[profiles[0].pluginConfig[0].args.scoringStrategy.requestedToCapacityRatio.shape[1].utilization: Invalid value: 10: values must be sorted in increasing order, profiles[0].pluginConfig[0].args.scoringStrategy.requestedToCapacityRatio.shape[0].score: Invalid value: 11: not in valid range [0, 10]]',
  },
  {
    name: 'NodeResourcesFit shape with another type',
    yaml: `${HEADER}profiles:\n- pluginConfig:\n  - name: NodeResourcesFit\n    args: {scoringStrategy: {type: MostAllocated, requestedToCapacityRatio: {shape: [{utilization: 0, score: 0}]}}}\n`,
    error: 'profiles[0].pluginConfig[0].args.scoringStrategy.requestedToCapacityRatio: Forbidden: must be nil when type is not RequestedToCapacityRatio',
  },
  {
    name: 'fact 68: PodTopologySpread System defaulting with constraints',
    yaml: `${HEADER}profiles:\n- pluginConfig:\n  - name: PodTopologySpread\n    args:\n      defaultConstraints:\n      - {maxSkew: 1, topologyKey: zone, whenUnsatisfiable: ScheduleAnyway}\n`,
    error: 'profiles[0].pluginConfig[0].args.defaultingType: Invalid value: "System": when .defaultConstraints are not empty',
  },
  {
    name: 'PodTopologySpread List constraints: whenUnsatisfiable, maxSkew, selector, duplicates',
    yaml: `${HEADER}profiles:\n- pluginConfig:\n  - name: PodTopologySpread\n    args:\n      defaultingType: List\n      defaultConstraints:\n      - {maxSkew: 0, topologyKey: zone, whenUnsatisfiable: Maybe}\n      - {maxSkew: 1, topologyKey: node, whenUnsatisfiable: ScheduleAnyway, labelSelector: {}}\n      - {maxSkew: 2, topologyKey: node, whenUnsatisfiable: ScheduleAnyway}\n`,
    error:
      '[profiles[0].pluginConfig[0].args.defaultConstraints[0].maxSkew: Invalid value: 0: not in valid range (0, inf), profiles[0].pluginConfig[0].args.defaultConstraints[0].whenUnsatisfiable: Unsupported value: "Maybe": supported values: "DoNotSchedule", "ScheduleAnyway", profiles[0].pluginConfig[0].args.defaultConstraints[1].labelSelector: Forbidden: constraint must not define a selector, as they deduced for each pod, profiles[0].pluginConfig[0].args.defaultConstraints[2]: Duplicate value: "{node, ScheduleAnyway}"]',
  },
  {
    name: 'PodTopologySpread defaultingType',
    yaml: `${HEADER}profiles:\n- pluginConfig:\n  - name: PodTopologySpread\n    args: {defaultingType: Auto}\n`,
    error: 'profiles[0].pluginConfig[0].args.defaultingType: Unsupported value: "Auto": supported values: "System", "List"',
  },
  {
    name: 'fact 67: InterPodAffinity hardPodAffinityWeight 0..100',
    yaml: `${HEADER}profiles:\n- pluginConfig:\n  - name: InterPodAffinity\n    args: {hardPodAffinityWeight: 101}\n`,
    error: 'profiles[0].pluginConfig[0].args.hardPodAffinityWeight: Invalid value: 101: not in valid range [0, 100]',
  },
  {
    name: 'fact 72: DefaultPreemption ranges',
    yaml: `${HEADER}profiles:\n- pluginConfig:\n  - name: DefaultPreemption\n    args: {minCandidateNodesPercentage: 101, minCandidateNodesAbsolute: -1}\n`,
    error:
      '[profiles[0].pluginConfig[0].args.minCandidateNodesPercentage: Invalid value: 101: not in valid range [0, 100], profiles[0].pluginConfig[0].args.minCandidateNodesAbsolute: Invalid value: -1: not in valid range [0, inf)]',
  },
  {
    name: 'DefaultPreemption both zero',
    yaml: `${HEADER}profiles:\n- pluginConfig:\n  - name: DefaultPreemption\n    args: {minCandidateNodesPercentage: 0, minCandidateNodesAbsolute: 0}\n`,
    error:
      '[profiles[0].pluginConfig[0].args.minCandidateNodesPercentage: Invalid value: 0: cannot be zero at the same time as minCandidateNodesAbsolute, profiles[0].pluginConfig[0].args.minCandidateNodesAbsolute: Invalid value: 0: cannot be zero at the same time as minCandidateNodesPercentage]',
  },
  {
    name: 'BalancedAllocation weights must be 1',
    yaml: `${HEADER}profiles:\n- pluginConfig:\n  - name: NodeResourcesBalancedAllocation\n    args: {resources: [{name: cpu, weight: 2}, {name: cpu, weight: 1}]}\n`,
    error:
      '[profiles[0].pluginConfig[0].args.resources[0].weight: Invalid value: 2: must be 1, profiles[0].pluginConfig[0].args.resources[1].name: Duplicate value: "cpu"]',
  },
  {
    name: 'VolumeBinding timeout',
    yaml: `${HEADER}profiles:\n- pluginConfig:\n  - name: VolumeBinding\n    args: {bindTimeoutSeconds: -1}\n`,
    error: 'profiles[0].pluginConfig[0].args.bindTimeoutSeconds: Invalid value: -1: invalid BindTimeoutSeconds, should not be a negative value',
  },
  {
    name: 'a repeated pluginConfig entry',
    yaml: `${HEADER}profiles:\n- pluginConfig:\n  - name: ImageLocality\n  - name: ImageLocality\n`,
    error: 'profiles[0].pluginConfig[1]: Duplicate value: "ImageLocality"',
  },
  {
    name: 'profiles must share the queue sort',
    yaml: `${HEADER}profiles:\n- schedulerName: a\n- schedulerName: b\n  plugins:\n    queueSort:\n      enabled: [{name: PrioritySort}]\n`,
    error:
      'profiles[1].plugins.queueSort: Invalid value: config.PluginSet{Enabled:[]config.Plugin{config.Plugin{Name:"PrioritySort", Weight:0}}, Disabled:[]config.Plugin(nil)}: must be the same for all profiles',
  },
  {
    name: 'an unknown plugin at an extension point',
    yaml: `${HEADER}profiles:\n- plugins:\n    score:\n      enabled: [{name: Magic}]\n`,
    error: 'creating profile for scheduler name default-scheduler: ScorePlugin "Magic" does not exist',
  },
  {
    name: 'an unknown plugin in multiPoint',
    yaml: `${HEADER}profiles:\n- schedulerName: mine\n  plugins:\n    multiPoint:\n      enabled: [{name: Magic}]\n`,
    error: 'creating profile for scheduler name mine: PreFilterPlugin "Magic" does not exist',
  },
];

for (const c of validationCases) {
  test(`validation: ${c.name}`, () => {
    assert.equal(errorOf(c.yaml), c.error);
  });
}

test('ConfigError keeps the individual messages', () => {
  try {
    loadConfig(`${HEADER}parallelism: 0\npercentageOfNodesToScore: 200\n`);
    assert.fail('expected an error');
  } catch (e) {
    assert.ok(e instanceof ConfigError);
    assert.deepEqual(e.errors, [
      'parallelism: Invalid value: 0: should be an integer value greater than zero',
      'percentageOfNodesToScore: Invalid value: 200: not in valid range [0-100]',
    ]);
  }
});

test('a loaded configuration is plain data (profiles as data)', () => {
  const cfg: KubeSchedulerConfiguration = loadConfig();
  assert.deepEqual(JSON.parse(JSON.stringify(cfg)), cfg);
});
