// Building a scheduler Framework from fake plugins, for tests of the framework's extension points
// and of the scheduling cycle code that drives them.
import { EventRecorder } from '../../src/client/event_recorder';
import { SharedInformerFactory } from '../../src/client/informer_factory';
import { Loop } from '../../src/sim/loop';
import { Rng } from '../../src/sim/rng';
import { emptyPlugins } from '../../src/scheduler/apis/config/default_plugins';
import type { PluginRef, Plugins, Profile } from '../../src/scheduler/apis/config/types';
import type { NodeInfoLister, Plugin, PluginFactory, PodNominator } from '../../src/scheduler/framework/interface';
import { Framework } from '../../src/scheduler/framework/runtime/framework';
import { Status } from '../../src/scheduler/framework/status';
import { NodeInfo } from '../../src/scheduler/framework/types';
import { FakeClient } from './fake_client';

export type Impl = Partial<Record<string, (...args: never[]) => unknown>>;

/** A plugin named `name` implementing the given methods (e.g. `filter`, `score`). */
export function fakePlugin(name: string, impl: Impl): Plugin {
  return { name: () => name, ...impl } as unknown as Plugin;
}

export const ok = () => Status.success();
export const sortPlugin: Impl = { less: () => false };
export const bindPlugin: Impl = { bind: ok };

export function registry(plugins: Record<string, Impl>): Map<string, PluginFactory> {
  return new Map(Object.entries(plugins).map(([name, impl]) => [name, (() => fakePlugin(name, impl)) as PluginFactory]));
}

export function node(name: string, cpuMilli = 1000): NodeInfo {
  return new NodeInfo({ metadata: { name }, status: { allocatable: { cpu: `${cpuMilli}m`, pods: '110' } } });
}

export function lister(nodes: NodeInfo[]): NodeInfoLister {
  return {
    list: () => nodes,
    get: (n) => nodes.find((x) => x.name === n),
    havePodsWithAffinityList: () => [],
    havePodsWithRequiredAntiAffinityList: () => [],
    hasImage: (image) => nodes.some((x) => x.imageStates.has(image)),
  };
}

export function profile(plugins: Partial<Plugins>, pluginConfig: Profile['pluginConfig'] = []): Profile {
  return { schedulerName: 'p', plugins: { ...emptyPlugins(), ...plugins }, pluginConfig };
}

export const set = (enabled: (string | PluginRef)[], disabled: string[] = []) => ({
  enabled: enabled.map((e) => (typeof e === 'string' ? { name: e } : e)),
  disabled: disabled.map((name) => ({ name })),
});

/** A Framework for profile `p` over the fake `plugins` (with a Sort and a Binder plugin added). */
export function framework(p: Profile, plugins: Record<string, Impl>, opts: { nodes?: NodeInfo[]; nominator?: PodNominator; loop?: Loop } = {}): Framework {
  const loop = opts.loop ?? new Loop();
  const client = new FakeClient(loop);
  return new Framework(p, {
    registry: registry({ Sort: sortPlugin, Binder: bindPlugin, ...plugins }),
    snapshot: lister(opts.nodes ?? []),
    informers: new SharedInformerFactory(client, loop),
    client,
    eventRecorder: new EventRecorder(client, loop, { component: 'p' }),
    rng: new Rng(1),
    loop,
    epochMs: Date.UTC(2025, 0, 1),
    podNominator: opts.nominator,
  });
}

/** Sort and Binder are always there, through multiPoint. */
export const base = ['Sort', 'Binder'];
