/** CronJob schedules, parsed as robfig/cron's standard parser does, with its error texts. */
import { goQuote } from './errors';

const CRON_FIELDS: readonly { min: number; max: number; names?: readonly string[] }[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] },
  { min: 0, max: 6, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
];
const CRON_DESCRIPTORS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];

/** robfig/cron's standard parser: the error text it returns, or undefined for a valid schedule. */
export function parseCronSchedule(spec: string): string | undefined {
  if (spec.startsWith('@')) {
    if (CRON_DESCRIPTORS.includes(spec) || /^@every\s+\S+$/.test(spec)) return undefined;
    return `unrecognized descriptor: ${spec}`;
  }
  const fields = spec.trim().split(/\s+/);
  if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`;
  for (let i = 0; i < 5; i++) {
    const r = CRON_FIELDS[i];
    for (const expr of fields[i].split(',')) {
      const err = parseCronRange(expr, r.min, r.max, r.names);
      if (err) return err;
    }
  }
  return undefined;
}

function parseCronRange(expr: string, min: number, max: number, names?: readonly string[]): string | undefined {
  const [rangeStr, stepStr, extra] = expr.split('/');
  if (extra !== undefined) return `too many slashes: ${expr}`;
  const value = (s: string): number | string => {
    const n = names?.indexOf(s.toLowerCase()) ?? -1;
    if (n >= 0) return n + (min === 1 ? 1 : 0);
    if (!/^\d+$/.test(s)) return `failed to parse int from ${s}: strconv.Atoi: parsing ${goQuote(s)}: invalid syntax`;
    return parseInt(s, 10);
  };
  let start = min;
  let end = max;
  if (rangeStr !== '*' && rangeStr !== '?') {
    const [lo, hi, more] = rangeStr.split('-');
    if (more !== undefined) return `too many hyphens: ${expr}`;
    const a = value(lo);
    if (typeof a === 'string') return a;
    start = a;
    end = a;
    if (hi !== undefined) {
      const b = value(hi);
      if (typeof b === 'string') return b;
      end = b;
    }
  }
  if (stepStr !== undefined) {
    const step = value(stepStr);
    if (typeof step === 'string') return step;
    if (step === 0) return `step of range should be a positive number: ${expr}`;
  }
  if (start < min) return `beginning of range (${start}) below minimum (${min}): ${expr}`;
  if (end > max) return `end of range (${end}) above maximum (${max}): ${expr}`;
  if (start > end) return `beginning of range (${start}) beyond end of range (${end}): ${expr}`;
  return undefined;
}
