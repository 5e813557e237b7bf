import type { KubeObject } from '../api/object';
import type { WatchEvent as StoreEvent } from '../store/types';
import type { WatchEvent, WatchEventType } from '../api/client_types';

/**
 * Turns store events into API watch events for one watcher with a filter (label/field selectors),
 * as the etcd3 watcher does (k8s.io/apiserver/pkg/storage/etcd3/watcher.go, transform):
 * - a put of a new key is ADDED, of an existing key MODIFIED;
 * - an object that stops matching the filter is DELETED (its previous state), one that starts
 *   matching is ADDED;
 * - a DELETED event carries the object's last state with the resourceVersion of the deletion (fact 173).
 */
export function toWatchEvent(ev: StoreEvent<KubeObject>, matches: (o: KubeObject) => boolean): WatchEvent | undefined {
  const prev = ev.prevKv?.value;
  if (ev.type === 'DELETE') {
    if (!prev || !matches(prev)) return undefined;
    return { type: 'DELETED', object: withResourceVersion(prev, ev.kv.modRevision) };
  }
  const cur = ev.kv.value as KubeObject;
  const curOk = matches(cur);
  const prevOk = prev !== undefined && matches(prev);
  let type: WatchEventType;
  if (curOk && prevOk) type = 'MODIFIED';
  else if (curOk) type = 'ADDED';
  else if (prevOk) return { type: 'DELETED', object: withResourceVersion(prev!, ev.kv.modRevision) };
  else return undefined;
  return { type, object: cur };
}

function withResourceVersion(obj: KubeObject, rev: number): KubeObject {
  return Object.freeze({ ...obj, metadata: Object.freeze({ ...obj.metadata, resourceVersion: String(rev) }) });
}
