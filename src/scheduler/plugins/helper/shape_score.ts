/**
 * A utilization → score curve given by points (upstream helper.FunctionShape). Points must be sorted
 * by increasing utilization (the config validation guarantees it).
 */
export interface FunctionShapePoint {
  utilization: number;
  score: number;
}

/**
 * Upstream helper.BuildBrokenLinearFunction: linear interpolation between the points, the first
 * point's score below the first utilization and the last point's above the last. The interpolation
 * is Go int64 arithmetic: `s[i-1] + (s[i]-s[i-1]) * (p-u[i-1]) / (u[i]-u[i-1])`, truncating toward zero.
 */
export function buildBrokenLinearFunction(shape: readonly FunctionShapePoint[]): (p: number) => number {
  const n = shape.length;
  return (p: number): number => {
    for (let i = 0; i < n; i++) {
      if (p <= shape[i].utilization) {
        if (i === 0) return shape[0].score;
        const prev = shape[i - 1];
        const cur = shape[i];
        return prev.score + Math.trunc(((cur.score - prev.score) * (p - prev.utilization)) / (cur.utilization - prev.utilization));
      }
    }
    return shape[n - 1].score;
  };
}
