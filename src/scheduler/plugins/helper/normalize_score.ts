import { Status } from '../../framework/status';
import type { NodeScore } from '../../framework/types';

/**
 * Upstream helper.DefaultNormalizeScore: scales `scores` in place to [0, maxPriority] by the highest
 * score, Go int64 arithmetic (`maxPriority * score / maxCount`, truncating). With `reverse`, a higher
 * raw score becomes a lower final score (`maxPriority - scaled`). When every score is 0 the scores
 * stay 0, or all become `maxPriority` when reversed (fact 65: no untolerated taint anywhere → 100).
 */
export function defaultNormalizeScore(maxPriority: number, reverse: boolean, scores: NodeScore[]): Status {
  const values = scores.map((s) => s.score);
  defaultNormalizeScoreValues(maxPriority, reverse, values);
  for (let i = 0; i < scores.length; i++) scores[i].score = values[i];
  return Status.success();
}

/** defaultNormalizeScore over the bare numbers (ScoreExtensions.normalizeScoreValues). */
export function defaultNormalizeScoreValues(maxPriority: number, reverse: boolean, scores: number[]): Status {
  let maxCount = 0;
  for (let i = 0; i < scores.length; i++) if (scores[i] > maxCount) maxCount = scores[i];
  if (maxCount === 0) {
    if (reverse) for (let i = 0; i < scores.length; i++) scores[i] = maxPriority;
    return Status.success();
  }
  for (let i = 0; i < scores.length; i++) {
    const scaled = Math.trunc((maxPriority * scores[i]) / maxCount);
    scores[i] = reverse ? maxPriority - scaled : scaled;
  }
  return Status.success();
}
