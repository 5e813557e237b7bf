import type { Check } from '../../src/dsl/assertions';
import { step, stepWithDocString, stepWithTable } from './define';
import type { StepMeta } from './define';
import type { KubespecWorld } from './world';

type MakeCheck = (this: KubespecWorld, ...args: any[]) => Check;

/**
 * Defines a state assertion in its four forms (STEPS.md, Assertion forms): `Then X`,
 * `Then eventually X`, `Then within {duration} X`, `Then for {duration} X`. `example` is the
 * assertion without `Then` (`pod "web" exists`); the other forms' examples are derived from it.
 */
export function assertion(pattern: string, meta: Omit<StepMeta, 'example'> & { example: string; argument?: 'docstring' | 'table' }, make: MakeCheck): void {
  const def = meta.argument === 'docstring' ? stepWithDocString : meta.argument === 'table' ? stepWithTable : step;
  const [first, ...rest] = meta.example.split('\n');
  const ex = (prefix: string) => [`Then ${prefix}${first}`, ...rest].join('\n');
  const base = { section: meta.section, doc: meta.doc };
  // Cucumber checks a step function's arity against its pattern; rest parameters have none.
  const arity = <F extends (...a: any[]) => unknown>(extra: number, fn: F): F => Object.defineProperty(fn, 'length', { value: make.length + extra });
  def<KubespecWorld>('Then', pattern, { ...base, example: ex('') }, arity(0, function (this: KubespecWorld, ...args: unknown[]) {
    this.driver.assert({ type: 'now' }, make.apply(this, args));
  }));
  def<KubespecWorld>('Then', `eventually ${pattern}`, { ...base, doc: 'Waits (in virtual time) until it holds; fails after the eventually timeout.', example: ex('eventually ') }, arity(0, function (this: KubespecWorld, ...args: unknown[]) {
    this.driver.assert({ type: 'eventually' }, make.apply(this, args));
  }));
  def<KubespecWorld>('Then', `within {duration} ${pattern}`, { ...base, doc: 'Waits (in virtual time) until it holds, at most the given duration.', example: ex('within 2 minutes ') }, arity(1, function (this: KubespecWorld, d: string, ...args: unknown[]) {
    this.driver.assert(this.driver.formOf('within', d), make.apply(this, args));
  }));
  def<KubespecWorld>('Then', `for {duration} ${pattern}`, { ...base, doc: 'Holds now and at every moment of the duration.', example: ex('for 1 minute ') }, arity(1, function (this: KubespecWorld, d: string, ...args: unknown[]) {
    this.driver.assert(this.driver.formOf('for', d), make.apply(this, args));
  }));
}
