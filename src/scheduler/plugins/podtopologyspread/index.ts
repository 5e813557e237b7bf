/** PodTopologySpread: fact 68 (scoring, system defaults) and fact 78 (filter reasons). */
export {
  NAME,
  create,
  PodTopologySpread,
  ERR_REASON_CONSTRAINTS_NOT_MATCH,
  ERR_REASON_NODE_LABEL_NOT_MATCH,
  PRE_FILTER_STATE_KEY,
  PRE_SCORE_STATE_KEY,
  SYSTEM_DEFAULT_CONSTRAINTS,
  DEFAULT_ARGS,
} from './plugin';
export { PreFilterState, CriticalPaths, MAX_INT32 } from './filtering';
export { PreScoreState, topologyNormalizingWeight, scoreForCount } from './scoring';
export { LABEL_HOSTNAME, LABEL_TOPOLOGY_ZONE, type TopologySpreadConstraint } from './common';
