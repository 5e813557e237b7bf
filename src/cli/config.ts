/**
 * The Cucumber configuration of a kubespec run, from the command's options. One builder serves both entry points:
 * `kubespec run` and `npx cucumber-js -p <profile>` (cucumber.js at the repository root exports profiles()).
 */
import os from 'node:os';
import type { IConfiguration } from '@cucumber/cucumber/api';
import {
  ALLURE_FORMATTER,
  CONSOLE_FORMATTER,
  REGISTER_MODULE,
  builtinStepPaths,
  reportPaths,
  userStepPaths,
} from './paths';

export const PROFILE_NAMES = ['default', 'ci', 'parallel'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

export const DEFAULT_SEED = 1;

export interface RunSettings {
  /** Feature files, folders or `file:line`; empty for Cucumber's default (`features/`). */
  paths: string[];
  /** The user's own step and support files, relative to cwd. */
  require: string[];
  /** Extra Cucumber formats (`html:reports/cucumber.html`); one without a target replaces the console output. */
  format: string[];
  tags?: string;
  name?: string[];
  seed: number;
  /** Worker processes; 0 runs in this process. Overrides the profile's. */
  parallel?: number;
  failFast?: boolean;
  dryRun?: boolean;
  retry?: number;
  profile: ProfileName;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/**
 * What the profiles add to the default one:
 * - ci: also the Cucumber HTML report (reports/cucumber.html), a self-contained artifact to keep;
 * - parallel: one worker process per CPU.
 */
function profileOverrides(profile: ProfileName, cwd: string): Partial<IConfiguration> {
  switch (profile) {
    case 'default':
      return {};
    case 'ci':
      return { format: [['html', reportPaths(cwd).html]] };
    case 'parallel':
      return { parallel: os.availableParallelism() };
  }
}

export function cucumberConfiguration(settings: RunSettings): Partial<IConfiguration> {
  const { cwd, env } = settings;
  const reports = reportPaths(cwd);
  const profile = profileOverrides(settings.profile, cwd);
  const format: IConfiguration['format'] = [
    [CONSOLE_FORMATTER],
    ['message', reports.messages],
    ['junit', reports.junit],
    // allure-cucumberjs writes into resultsDir itself; a formatter without a target would take over stdout.
    [ALLURE_FORMATTER, process.platform === 'win32' ? `${reports.dir}/.allure-cucumberjs` : os.devNull],
    ...(profile.format ?? []),
    ...settings.format,
  ];
  const require = [...builtinStepPaths(env, cwd), ...userStepPaths(settings.require, cwd)];
  const config: Partial<IConfiguration> = {
    paths: settings.paths,
    // Cucumber warns about a requireModule without require paths (possible only with KUBESPEC_BUILTIN_STEPS=).
    requireModule: require.length > 0 ? [REGISTER_MODULE] : [],
    require,
    format,
    formatOptions: {
      resultsDir: reports.allureResults,
      snippetInterface: 'async-await',
      environmentInfo: { seed: String(settings.seed), node: process.version },
      junit: { suiteName: 'kubespec' },
    },
    worldParameters: { seed: settings.seed },
    strict: true,
    parallel: settings.parallel ?? profile.parallel ?? 0,
    failFast: settings.failFast ?? false,
    dryRun: settings.dryRun ?? false,
    retry: settings.retry ?? 0,
  };
  if (settings.tags) config.tags = settings.tags;
  if (settings.name && settings.name.length > 0) config.name = settings.name;
  return config;
}

/** The profiles of cucumber.js, for `npx cucumber-js -p <name>`. */
export function profiles(cwd: string = process.cwd(), env: NodeJS.ProcessEnv = process.env): Record<ProfileName, Partial<IConfiguration>> {
  const make = (profile: ProfileName): Partial<IConfiguration> => {
    const config = cucumberConfiguration({ paths: [], require: [], format: [], seed: DEFAULT_SEED, profile, cwd, env });
    delete config.paths; // additive in Cucumber: a profile's paths would be run on top of the command line's
    return config;
  };
  return { default: make('default'), ci: make('ci'), parallel: make('parallel') };
}
