/**
 * Per-scenario report attachments. Every scenario gets its seed (an Allure parameter and a text attachment, so a
 * failure can be replayed with `--seed N`); a failed scenario also gets what its World can tell: the cluster
 * state, the event timeline and, for a failed assertion, the expected-vs-actual diff. They are Cucumber
 * attachments, so every formatter sees them; allure-cucumberjs turns them into Allure attachments.
 */
import { After, Status, type ITestCaseHookParameter } from '@cucumber/cucumber';
import { AllureCucumberTestRuntime } from 'allure-cucumberjs';
import { ATTACHMENTS, type ReportSource, type ReportingWorld } from '../../src/report/types';

/** The slice of Cucumber's World the hook uses. */
interface HookWorld {
  attach(data: string, options: { mediaType: string; fileName?: string }): void;
  parameters?: { seed?: unknown };
}

/**
 * allure-cucumberjs makes each After hook an Allure "tear down" fixture, shown apart from the test and unable to
 * carry metadata such as a parameter. A hook with this name (allure-cucumberjs' own marker) is not made a
 * fixture: what it sends lands on the test result itself, after the scenario's steps.
 */
const ON_THE_TEST_RESULT = 'ALLURE_FIXTURE_IGNORE';

const allure = new AllureCucumberTestRuntime();
type AllureStatus = Parameters<AllureCucumberTestRuntime['logStep']>[1];

After({ name: ON_THE_TEST_RESULT }, async function (this: HookWorld, { result }: ITestCaseHookParameter) {
  const source = reportSource(this);
  const seed = source ? source.seed : typeof this.parameters?.seed === 'number' ? this.parameters.seed : undefined;
  if (seed !== undefined) {
    this.attach(String(seed), ATTACHMENTS.seed);
    await allure.parameter('seed', String(seed));
  }
  if (result?.status === Status.UNDEFINED) {
    // allure-cucumberjs leaves an undefined step without a status and would report the scenario as passed.
    await allure.logStep('A step is undefined: the console output has a snippet to implement it', 'broken' as AllureStatus);
  }
  // Reviewers read why the scheduler placed each pod, passed or failed.
  if (source) attachIfAny(this, ATTACHMENTS.scores, () => source.schedulerScores());
  if (result?.status === Status.FAILED && source) attachFailureState(this, source);
});

function reportSource(world: unknown): ReportSource | undefined {
  const candidate = world as Partial<ReportingWorld> | null;
  return candidate && typeof candidate.reportSource === 'function' ? candidate.reportSource() : undefined;
}

/** A report that cannot be produced must not hide why the scenario ended as it did, so its error becomes the text. */
function attachIfAny(world: HookWorld, what: { fileName: string; mediaType: string }, make: () => string | undefined): void {
  let text: string | undefined;
  try {
    text = make();
  } catch (error) {
    text = `kubespec could not produce ${what.fileName}: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (text !== undefined) world.attach(text, what);
}

function attachFailureState(world: HookWorld, source: ReportSource): void {
  attachIfAny(world, ATTACHMENTS.state, () => source.stateYaml());
  attachIfAny(world, ATTACHMENTS.timeline, () => source.timeline());
  attachIfAny(world, ATTACHMENTS.diff, () => source.failureDiff());
}
