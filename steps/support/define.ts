/**
 * How every step is defined: `step(keyword, pattern, meta, fn)` registers the step with Cucumber and records its
 * catalogue entry (the pattern, one example, a note, its STEPS.md section) for `kubespec steps` and docs/steps.md.
 *
 *   step('When', '{duration} pass(es)', { section: 'Time', example: 'When 6 minutes pass' }, function (this: KubeWorld, d: number) { ... });
 *
 * Steps followed by a doc string or a data table show it in their (multi-line) example; `stepWithDocString` /
 * `stepWithTable` say so explicitly and refuse an example that does not show it.
 *
 * Loading a step file outside a Cucumber run (a unit test, a tool reading the catalogue) only records the
 * catalogue entry: Cucumber refuses definitions before it has started loading support code.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Given, Then, When, supportCodeLibraryBuilder } from '@cucumber/cucumber';
import { recordStep, catalogue, shownArgument, type Section, type StepArgument, type StepKeyword } from '../../src/report/catalogue';

export { catalogue };
export type { StepDoc, Section } from '../../src/report/catalogue';

export interface StepMeta {
  /** One full example as a user writes it, keyword included (`When 6 minutes pass`). */
  example: string;
  /** A STEPS.md section. Users' own steps may name their own sections. */
  section: Section | (string & {});
  /** What the step does beyond what its pattern says (Markdown). */
  doc?: string;
  /** Cucumber's step timeout in ms (wall clock; virtual time never needs it). */
  timeout?: number;
}

/** A step body; `this` is the World. Cucumber passes the pattern's parameters, then the doc string or table. */
export type StepBody<W> = (this: W, ...args: any[]) => unknown;

const DEFINE = { Given, When, Then } as const;

/** A step; when its example shows a doc string or table after the step line, the step takes one. */
export function step<W>(keyword: StepKeyword, pattern: string, meta: StepMeta, fn: StepBody<W>): void {
  define(shownArgument(meta.example), keyword, pattern, meta, fn);
}

/** A step followed by a doc string; the example shows it (its last parameter is the doc string's content). */
export function stepWithDocString<W>(keyword: StepKeyword, pattern: string, meta: StepMeta, fn: StepBody<W>): void {
  define('docstring', keyword, pattern, meta, fn);
}

/** A step followed by a data table; the example shows it (its last parameter is Cucumber's DataTable). */
export function stepWithTable<W>(keyword: StepKeyword, pattern: string, meta: StepMeta, fn: StepBody<W>): void {
  define('table', keyword, pattern, meta, fn);
}

function define<W>(argument: StepArgument, keyword: StepKeyword, pattern: string, meta: StepMeta, fn: StepBody<W>): void {
  if (meta.example.trim() === '') throw new Error(`step "${keyword} ${pattern}" has no example`);
  if (argument !== 'none' && !meta.example.trim().includes('\n')) {
    throw new Error(`step "${keyword} ${pattern}" takes a ${argument === 'table' ? 'table' : 'doc string'}: its example must show it`);
  }
  withoutOwnFrames(() => {
    recordStep({ keyword, pattern, example: meta.example, doc: meta.doc, section: meta.section, argument, source: callerLocation() });
    if (!cucumberIsLoading()) return;
    const options = meta.timeout === undefined ? {} : { timeout: meta.timeout };
    DEFINE[keyword]<W>(pattern, options, fn);
  });
}

/**
 * Cucumber's builder is 'PENDING' until a run (or `loadSupport`) starts loading support code, and throws on any
 * definition then. The field is private, hence the reflective read.
 */
function cucumberIsLoading(): boolean {
  return Reflect.get(supportCodeLibraryBuilder, 'status') !== 'PENDING';
}

/**
 * Cucumber records a step's location as the first stack frame outside Cucumber, which would be this file for
 * every step. Hiding this file's frames while the step is defined makes that the step file's line, so snippets,
 * ambiguity errors and reports point at the real definition.
 */
function withoutOwnFrames(fn: () => void): void {
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = (error, frames) => {
    const kept = frames.filter((f) => f.getFileName() !== __filename);
    return previous ? previous(error, kept) : `${String(error)}\n${kept.map((f) => `    at ${String(f)}`).join('\n')}`;
  };
  try {
    fn();
  } finally {
    Error.prepareStackTrace = previous;
  }
}

/** `steps/time.ts:12` for the code that called step(), relative to the working directory. */
function callerLocation(): string | undefined {
  const frame = (new Error().stack ?? '').split('\n')[1] ?? '';
  const m = /\(?((?:file:\/\/)?[^\s()]+):(\d+):\d+\)?$/.exec(frame.trim());
  if (!m) return undefined;
  const file = m[1].startsWith('file://') ? fileURLToPath(m[1]) : m[1];
  return `${path.relative(process.cwd(), file).split(path.sep).join('/')}:${m[2]}`;
}
