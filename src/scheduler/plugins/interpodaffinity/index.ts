/** InterPodAffinity: fact 67 (scoring, hardPodAffinityWeight) and fact 78 (filter reasons). */
export { NAME, create, InterPodAffinity, DEFAULT_ARGS, PRE_FILTER_STATE_KEY, PRE_SCORE_STATE_KEY } from './plugin';
export {
  ERR_REASON_AFFINITY_RULES_NOT_MATCH,
  ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH,
  ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH,
  PreFilterState,
  pairKey,
} from './filtering';
export { PreScoreState } from './scoring';
