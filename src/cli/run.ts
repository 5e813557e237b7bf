import fs from 'node:fs';
import { loadConfiguration, runCucumber, type IRunEnvironment } from '@cucumber/cucumber/api';
import { cucumberConfiguration, type RunSettings } from './config';
import { reportPaths } from './paths';

export interface RunIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/**
 * Runs the features once with Cucumber's API. Resolves 0 when every scenario passed, 1 otherwise (failed,
 * undefined, ambiguous or pending steps). Problems that prevent the run (a step file that does not load, a bad
 * option) reject.
 */
export async function runFeatures(settings: RunSettings & { clean: boolean }, io: RunIO): Promise<number> {
  const environment: IRunEnvironment = {
    cwd: settings.cwd,
    stdout: io.stdout as IRunEnvironment['stdout'],
    stderr: io.stderr as IRunEnvironment['stderr'],
    env: settings.env,
  };
  // Allure reads every result file in the folder: results of an earlier run would show up as this run's.
  if (settings.clean) fs.rmSync(reportPaths(settings.cwd).allureResults, { recursive: true, force: true });
  const { runConfiguration } = await loadConfiguration({ file: false, provided: cucumberConfiguration(settings) }, environment);
  const { success } = await runCucumber(runConfiguration, environment);
  return success ? 0 : 1;
}
