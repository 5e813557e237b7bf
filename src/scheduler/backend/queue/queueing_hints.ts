import { ActionType, type ClusterEvent, type QueuedPodInfo } from '../../framework/interface';
import { isWildCard, matchClusterEvent } from './events';

/**
 * What an event means for a rejected pod (upstream queueingStrategy): leave it where it is, retry
 * it after its backoff, or retry it now (a PreEnqueue-style Pending rejection that the event lifts).
 */
export type QueueingStrategy = 'skip' | 'backoff' | 'immediately';

interface Registration {
  event: ClusterEvent;
  plugins: string[];
}

/**
 * The events each plugin registered, indexed by resource (upstream QueueingHintMap). kubespec
 * plugins register events without QueueingHint functions, so every matching registration answers
 * Queue, as upstream's defaultQueueingHintFn does.
 *
 * Contract for the map given: plugin name → the events its EnqueueExtensions registered. A plugin
 * that implements no EnqueueExtensions must be given [WildCardEvent] (upstream
 * defaultEnqueueExtension); one registering nothing (e.g. SchedulingGates, lifted by pod updates)
 * is never moved by cluster events.
 */
export class QueueingHints {
  private readonly byResource = new Map<string, Registration[]>();
  private readonly combined = new Map<string, readonly Registration[]>();

  constructor(pluginEvents: Map<string, ClusterEvent[]>) {
    const regs = new Map<string, Registration>();
    const register = (event: ClusterEvent, plugin: string) => {
      const key = `${event.resource}|${event.actionType}`;
      let r = regs.get(key);
      if (!r) {
        r = { event, plugins: [] };
        regs.set(key, r);
        const list = this.byResource.get(event.resource) ?? [];
        list.push(r);
        this.byResource.set(event.resource, list);
      }
      if (!r.plugins.includes(plugin)) r.plugins.push(plugin);
    };
    for (const [plugin, events] of pluginEvents) {
      let nodeAdded = false;
      let nodeTaint = false;
      for (const e of events) {
        if (e.resource === 'Node') {
          if (e.actionType & ActionType.Add) nodeAdded = true;
          if (e.actionType & ActionType.UpdateNodeTaint) nodeTaint = true;
        }
        register(e, plugin);
      }
      // Upstream buildQueueingHintMap (issue #109437): a node added while unschedulable or tainted
      // reaches the queue only as a later taint update, so NodeAdd implies UpdateNodeTaint.
      if (nodeAdded && !nodeTaint) register({ resource: 'Node', actionType: ActionType.UpdateNodeTaint, label: 'NodeTaintChange' }, plugin);
    }
  }

  /** Whether any plugin registered an event matching `event` (upstream isEventOfInterest). */
  isEventOfInterest(event: ClusterEvent): boolean {
    if (isWildCard(event)) return true;
    for (const r of this.candidates(event)) if (matchClusterEvent(r.event, event)) return true;
    return false;
  }

  /**
   * Upstream isPodWorthRequeuing: a pod rejected by no plugin (an error) or hit by a wildcard event
   * is retried after backoff; otherwise only when one of its rejecting plugins registered a
   * matching event — immediately if that plugin had answered Pending.
   */
  isPodWorthRequeuing(qpi: QueuedPodInfo, event: ClusterEvent): QueueingStrategy {
    const unsched = qpi.unschedulablePlugins;
    const pending = qpi.pendingPlugins;
    if (unsched.size === 0 && pending.size === 0) return 'backoff';
    if (isWildCard(event)) return 'backoff';
    let strategy: QueueingStrategy = 'skip';
    for (const r of this.candidates(event)) {
      if (!matchClusterEvent(r.event, event)) continue;
      for (const plugin of r.plugins) {
        if (pending.has(plugin)) return 'immediately';
        if (!unsched.has(plugin)) continue;
        if (pending.size === 0) return 'backoff';
        strategy = 'backoff';
      }
    }
    return strategy;
  }

  /** The registrations that can match an event on this resource: its own and the '*' ones. */
  private candidates(event: ClusterEvent): readonly Registration[] {
    let list = this.combined.get(event.resource);
    if (!list) {
      const own = this.byResource.get(event.resource) ?? [];
      list = event.resource === '*' ? own : own.concat(this.byResource.get('*') ?? []);
      this.combined.set(event.resource, list);
    }
    return list;
  }
}
