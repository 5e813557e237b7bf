import fs from 'node:fs';
import path from 'node:path';
import { loadConfiguration, loadSupport, type IRunEnvironment } from '@cucumber/cucumber/api';
import { catalogue, renderMarkdown, renderText } from '../report/catalogue';
import { checkCatalogue, type DefinedStep } from '../report/catalogue_check';
import { REGISTER_MODULE, builtinStepPaths, userStepPaths } from './paths';
import type { RunIO } from './run';

export interface StepsSettings {
  require: string[];
  /** Write the Markdown catalogue to this file (relative to cwd) instead of printing the text one. */
  write?: string;
  /** Print Markdown instead of text. */
  markdown: boolean;
  /** Exit 1 when the catalogue has problems (examples that do not match, undocumented steps); alone, prints only the verdict. */
  check: boolean;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/**
 * `kubespec steps`: loads the step files the way a run does (Cucumber's loadSupport: nothing runs) and prints or
 * writes the catalogue their step() calls recorded. Problems found by checkCatalogue go to stderr.
 */
export async function printSteps(settings: StepsSettings, io: RunIO): Promise<number> {
  const { cwd, env } = settings;
  const environment: IRunEnvironment = {
    cwd,
    stdout: io.stdout as IRunEnvironment['stdout'],
    stderr: io.stderr as IRunEnvironment['stderr'],
    env,
  };
  const provided = {
    requireModule: [REGISTER_MODULE],
    require: [...builtinStepPaths(env, cwd), ...userStepPaths(settings.require, cwd)],
  };
  const { runConfiguration } = await loadConfiguration({ file: false, provided }, environment);
  const library = await loadSupport(runConfiguration, environment);
  // The library is opaque in Cucumber's types; its step definitions carry what the check needs.
  const defined = (library as unknown as { stepDefinitions: DefinedStep[] }).stepDefinitions;
  const docs = catalogue();

  if (settings.write) {
    const target = path.resolve(cwd, settings.write);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, renderMarkdown(docs));
    io.stdout.write(`Wrote ${settings.write} (${docs.length} step${docs.length === 1 ? '' : 's'})\n`);
  } else if (settings.markdown) {
    io.stdout.write(renderMarkdown(docs));
  } else if (!settings.check) {
    io.stdout.write(renderText(docs));
  }

  const problems = checkCatalogue(docs, defined);
  if (problems.length > 0) {
    io.stderr.write(`The step catalogue has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n`);
    for (const p of problems) io.stderr.write(`  - ${p}\n`);
  } else if (settings.check && !settings.write) {
    io.stdout.write(`The step catalogue is complete: ${docs.length} step${docs.length === 1 ? '' : 's'}, each with a matching example\n`);
  }
  return settings.check && problems.length > 0 ? 1 : 0;
}
