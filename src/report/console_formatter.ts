/**
 * kubespec's console output: one character per step while the run goes (Cucumber's progress style), then the
 * failures — each step at its feature file and line, the error message, the snippet for an undefined step, and
 * the command that replays the scenario with its seed — then the summary lines.
 *
 * Unlike Cucumber's own summary it points every step at the feature file (the user's code), not at the step
 * definition (kubespec's code), and leaves out passed hooks and attachments.
 */
import { Formatter, formatterHelpers, Status, type IFormatterOptions } from '@cucumber/cucumber';
import type * as messages from '@cucumber/messages' with { 'resolution-mode': 'import' };
import { ATTACHMENTS } from './types';
import { countLine, formatDuration } from './summary';

type TestCaseAttempt = Parameters<typeof formatterHelpers.parseTestCaseAttempt>[0]['testCaseAttempt'];
type StepStatus = (typeof Status)[keyof typeof Status];

const PROGRESS: Record<string, string> = {
  [Status.PASSED]: '.',
  [Status.FAILED]: 'F',
  [Status.AMBIGUOUS]: 'A',
  [Status.UNDEFINED]: 'U',
  [Status.PENDING]: 'P',
  [Status.SKIPPED]: '-',
  [Status.UNKNOWN]: '?',
};

const MARK: Record<string, string> = {
  [Status.PASSED]: '✔',
  [Status.FAILED]: '✖',
  [Status.AMBIGUOUS]: '✖',
  [Status.UNDEFINED]: '?',
  [Status.PENDING]: '?',
  [Status.SKIPPED]: '-',
  [Status.UNKNOWN]: '?',
};

export default class ConsoleFormatter extends Formatter {
  static override readonly documentation =
    'kubespec: a character per step, then failures at their feature lines with the replay command, then the summary';

  private readonly hookSteps = new Set<string>();
  private readonly runHookFailures: string[] = [];
  private startedAt?: messages.Timestamp;

  constructor(options: IFormatterOptions) {
    super(options);
    options.eventBroadcaster.on('envelope', (envelope: messages.Envelope) => this.onEnvelope(envelope));
  }

  private onEnvelope(envelope: messages.Envelope): void {
    if (envelope.testRunStarted) {
      this.startedAt = envelope.testRunStarted.timestamp;
    } else if (envelope.testCase) {
      for (const step of envelope.testCase.testSteps) if (step.hookId) this.hookSteps.add(step.id);
    } else if (envelope.testStepFinished) {
      this.progress(envelope.testStepFinished);
    } else if (envelope.testRunHookFinished) {
      const { result } = envelope.testRunHookFinished;
      if (result.status !== Status.PASSED) this.runHookFailures.push(result.message ?? result.status);
    } else if (envelope.testRunFinished) {
      this.log(this.report(envelope.testRunFinished));
    }
  }

  /** Pickle steps always; hooks only when something went wrong in them. */
  private progress({ testStepId, testStepResult }: messages.TestStepFinished): void {
    const { status } = testStepResult;
    if (this.hookSteps.has(testStepId) && (status === Status.PASSED || status === Status.SKIPPED)) return;
    this.log(this.colorFns.forStatus(status)(PROGRESS[status] ?? '?'));
  }

  private report(finished: messages.TestRunFinished): string {
    const attempts = this.eventDataCollector.getTestCaseAttempts();
    const out: string[] = ['', ''];
    const undefinedTypes = this.eventDataCollector.undefinedParameterTypes;
    if (undefinedTypes.length > 0) {
      out.push('Undefined parameter types:', '');
      for (const t of undefinedTypes) out.push(`- "${t.name}" e.g. \`${t.expression}\``);
      out.push('');
    }
    if (this.runHookFailures.length > 0 || finished.exception) {
      out.push('Test run errors:', '');
      for (const message of this.runHookFailures) out.push(indent(message, 2));
      if (finished.exception) out.push(indent(finished.exception.stackTrace ?? finished.exception.message ?? finished.exception.type, 2));
      out.push('');
    }
    const failures = attempts.filter((a) => formatterHelpers.isFailure(a.worstTestStepResult, a.willBeRetried));
    const warnings = attempts.filter((a) => formatterHelpers.isWarning(a.worstTestStepResult, a.willBeRetried));
    for (const [title, list] of [['Failures', failures], ['Warnings', warnings]] as const) {
      if (list.length === 0) continue;
      out.push(`${title}:`, '');
      list.forEach((attempt, i) => out.push(this.formatAttempt(attempt, i + 1), ''));
    }
    const final = attempts.filter((a) => !a.willBeRetried);
    const color = (s: StepStatus, text: string): string => this.colorFns.forStatus(s)(text);
    out.push(countLine('scenario', final.map((a) => a.worstTestStepResult.status), color));
    const stepStatuses = final.flatMap((a) =>
      a.testCase.testSteps.filter((s) => s.pickleStepId).map((s) => a.stepResults[s.id]?.status ?? Status.UNKNOWN),
    );
    out.push(countLine('step', stepStatuses, color));
    if (this.startedAt) {
      const ms = toMillis(finished.timestamp) - toMillis(this.startedAt);
      out.push(formatDuration(Math.max(0, ms)));
    }
    return `${out.join('\n')}\n`;
  }

  private formatAttempt(attempt: TestCaseAttempt, number: number): string {
    const parsed = formatterHelpers.parseTestCaseAttempt({
      testCaseAttempt: attempt,
      snippetBuilder: this.snippetBuilder,
      supportCodeLibrary: this.supportCodeLibrary,
    });
    const location = formatterHelpers.formatLocation(parsed.testCase.sourceLocation!);
    const retry = attempt.attempt > 0 || attempt.willBeRetried
      ? ` (attempt ${attempt.attempt + 1}${attempt.willBeRetried ? ', retried' : ''})`
      : '';
    const lines = [`${number}) Scenario: ${parsed.testCase.name}${retry} # ${this.colorFns.location(location)}`];
    let seed: string | undefined;
    for (const step of parsed.testSteps) {
      const status = step.result.status;
      const seedAttachment = step.attachments.find((a) => a.fileName === ATTACHMENTS.seed.fileName);
      if (seedAttachment) seed = seedAttachment.body;
      const isHook = step.text === undefined;
      if (isHook && (status === Status.PASSED || status === Status.SKIPPED)) continue;
      const colorFn = this.colorFns.forStatus(status);
      const title = isHook ? `${step.keyword}${step.name ? ` (${step.name})` : ''}` : `${step.keyword}${step.text}`;
      const where = step.sourceLocation ?? step.actionLocation;
      lines.push(`   ${colorFn(`${MARK[status] ?? '?'} ${title}`)}${where ? ` # ${this.colorFns.location(formatterHelpers.formatLocation(where))}` : ''}`);
      const message = stepMessage(step);
      if (message) lines.push(indent(colorFn(message), 7));
    }
    if (seed !== undefined) {
      lines.push(`   Replay: npx kubespec run ${location} --seed ${seed}`);
    }
    return lines.join('\n');
  }
}

function stepMessage(step: ReturnType<typeof formatterHelpers.parseTestCaseAttempt>['testSteps'][number]): string {
  switch (step.result.status) {
    case Status.FAILED:
    case Status.AMBIGUOUS:
      return (step.result.message ?? '').trimEnd();
    case Status.UNDEFINED:
      return `Undefined. Implement with the following snippet:\n\n${indent(step.snippet ?? '', 2)}`;
    case Status.PENDING:
      return 'Pending';
    default:
      return '';
  }
}

function indent(text: string, by: number): string {
  const pad = ' '.repeat(by);
  return text
    .split('\n')
    .map((line) => (line === '' ? line : pad + line))
    .join('\n');
}

function toMillis(t: messages.Timestamp): number {
  return t.seconds * 1000 + Math.floor(t.nanos / 1e6);
}
