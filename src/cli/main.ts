/**
 * The `kubespec` command line:
 *   kubespec run [PATH...] [--tags EXPR] [--seed N] [--parallel N] [--require FILE]... [--format SPEC]...
 *   kubespec steps [--write FILE] [--markdown] [--check] [--require FILE]...
 * Exit codes: 0 every scenario passed; 1 a scenario did not pass (or `steps --check` found problems);
 * 2 the command could not run (bad option, a step file that does not load).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_SEED, PROFILE_NAMES, type ProfileName } from './config';
import { PACKAGE_ROOT } from './paths';
import { runFeatures, type RunIO } from './run';
import { printSteps } from './steps_command';

export interface MainContext extends RunIO {
  cwd: string;
  env: NodeJS.ProcessEnv;
}

interface RunOptions {
  tags?: string;
  seed: number;
  parallel?: number;
  require: string[];
  format: string[];
  name: string[];
  profile: ProfileName;
  failFast?: boolean;
  dryRun?: boolean;
  retry?: number;
  clean: boolean;
}

interface StepsOptions {
  write?: string;
  markdown?: boolean;
  check?: boolean;
  require: string[];
}

export async function main(argv: readonly string[], context: Partial<MainContext> = {}): Promise<number> {
  const ctx: MainContext = {
    stdout: context.stdout ?? process.stdout,
    stderr: context.stderr ?? process.stderr,
    cwd: context.cwd ?? process.cwd(),
    env: context.env ?? process.env,
  };
  let exitCode = 0;
  const program = new Command('kubespec')
    .description('Executable behaviour specs of Kubernetes, run in virtual time against a simulated control plane')
    .version(packageVersion())
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.stdout.write(s),
      writeErr: (s) => ctx.stderr.write(s),
    });

  program
    .command('run')
    .description('run feature files or folders (default: features/) with the built-in steps and your own')
    .argument('[paths...]', 'feature files, folders, or file:line')
    .option('-t, --tags <expression>', 'only scenarios whose tags match, e.g. "@smoke and not @slow"')
    .option('-s, --seed <n>', 'the random seed of every scenario', integer(Number.MIN_SAFE_INTEGER), DEFAULT_SEED)
    .option('-p, --parallel <n>', 'worker processes (0: run in this process)', integer(0))
    .option('-r, --require <file>', 'your own step or support file, folder or glob (repeatable)', collect, [])
    .option('-f, --format <spec>', 'an extra Cucumber format, e.g. html:reports/cucumber.html (repeatable)', collect, [])
    .option('-n, --name <regexp>', 'only scenarios whose name matches (repeatable)', collect, [])
    .addOption(new Option('--profile <name>', 'a preset: ci adds the HTML report, parallel uses every CPU').choices(PROFILE_NAMES).default('default'))
    .option('--fail-fast', 'stop at the first failed scenario')
    .option('--dry-run', 'check that every step is defined without running any')
    .option('--retry <n>', 'retry a failed scenario up to n times', integer(0))
    .option('--no-clean', 'keep earlier results in reports/allure-results')
    .action(async (paths: string[], options: RunOptions) => {
      exitCode = await runFeatures(
        {
          paths,
          require: options.require,
          format: options.format,
          name: options.name,
          tags: options.tags,
          seed: options.seed,
          parallel: options.parallel,
          failFast: options.failFast,
          dryRun: options.dryRun,
          retry: options.retry,
          profile: options.profile,
          clean: options.clean,
          cwd: ctx.cwd,
          env: ctx.env,
        },
        ctx,
      );
    });

  program
    .command('steps')
    .description('print the step catalogue: every step with one example')
    .option('-w, --write <file>', 'write it as Markdown to this file (e.g. docs/steps.md)')
    .option('--markdown', 'print Markdown instead of text')
    .option('--check', 'check that every example runs its step and every step is documented; exit 1 if not')
    .option('-r, --require <file>', 'also your own step files (repeatable)', collect, [])
    .action(async (options: StepsOptions) => {
      exitCode = await printSteps(
        {
          require: options.require,
          write: options.write,
          markdown: options.markdown ?? false,
          check: options.check ?? false,
          cwd: ctx.cwd,
          env: ctx.env,
        },
        ctx,
      );
    });

  try {
    await program.parseAsync([...argv]);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    ctx.stderr.write(`kubespec: ${describe(error)}\n`);
    return 2;
  }
}

/** The message, then each cause's; stacks only for errors that are not the user's (a step file that throws). */
function describe(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  while (current !== undefined && parts.length < 5) {
    if (current instanceof Error) {
      const userFacing = current.name === 'UserError';
      parts.push(userFacing || !current.stack ? current.message : current.stack);
      current = current.cause;
    } else {
      parts.push(String(current));
      current = undefined;
    }
  }
  return parts.join('\ncaused by: ');
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function integer(min: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) {
      throw new InvalidArgumentError(min === 0 ? 'Expected a whole number, 0 or more.' : 'Expected a whole number.');
    }
    return n;
  };
}

function packageVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}
