import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The kubespec package (this repository, or node_modules/kubespec in a user's project). */
export const PACKAGE_ROOT = path.resolve(__dirname, '..', '..');

/** Required first by Cucumber (`requireModule`), also in parallel workers: makes TypeScript loadable. */
export const REGISTER_MODULE = path.join(PACKAGE_ROOT, 'src', 'register.js');

/** Formatter specifiers as file URLs, so Cucumber's import() finds them whatever the working directory. */
export const CONSOLE_FORMATTER = pathToFileURL(path.join(PACKAGE_ROOT, 'src', 'report', 'console_formatter.cjs')).href;
export const ALLURE_FORMATTER = pathToFileURL(require.resolve('allure-cucumberjs/reporter')).href;

/** Where results go, under the working directory. */
export function reportPaths(cwd: string): { dir: string; allureResults: string; messages: string; junit: string; html: string } {
  const dir = path.join(cwd, 'reports');
  return {
    dir,
    allureResults: path.join(dir, 'allure-results'),
    messages: path.join(dir, 'cucumber-messages.ndjson'),
    junit: path.join(dir, 'junit.xml'),
    html: path.join(dir, 'cucumber.html'),
  };
}

/**
 * The built-in step library: `<package>/steps/**\/*.ts`. KUBESPEC_BUILTIN_STEPS replaces it (paths or globs
 * separated by the platform's path delimiter, relative to the working directory; empty for none) — for tests, and
 * for running a step library under development.
 */
export function builtinStepPaths(env: NodeJS.ProcessEnv, cwd: string): string[] {
  const override = env.KUBESPEC_BUILTIN_STEPS;
  if (override !== undefined) {
    return override
      .split(path.delimiter)
      .filter((p) => p.trim() !== '')
      .map((p) => supportGlob(p, cwd));
  }
  return [supportGlob(path.join(PACKAGE_ROOT, 'steps'), cwd)];
}

/** A user's `--require` path, relative to the working directory. */
export function userStepPaths(paths: readonly string[], cwd: string): string[] {
  return paths.map((p) => supportGlob(p, cwd));
}

/**
 * An absolute glob for Cucumber's `require`: a directory becomes all its TypeScript and JavaScript files
 * (Cucumber alone would take only `.js`); a file or glob stays as it is. Forward slashes: globs need them.
 */
function supportGlob(p: string, cwd: string): string {
  const absolute = path.resolve(cwd, p);
  const isDir = fs.existsSync(absolute) && fs.statSync(absolute).isDirectory();
  const glob = isDir ? path.join(absolute, '**', '*.{ts,js}') : absolute;
  return glob.split(path.sep).join('/');
}
