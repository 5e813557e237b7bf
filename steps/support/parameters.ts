import { defineParameterType } from '@cucumber/cucumber';

/**
 * `{ref}`: `"name"` or `"namespace/name"` (STEPS.md, Values); the driver parses it and defaults
 * the namespace. `{kind}`: a kubectl resource name. `{duration}`: loose on purpose — a malformed
 * duration must reach the driver and get a clear message rather than make the step undefined.
 * None is offered in the snippet of an undefined step: they match any word (or any quoted text, or
 * any number), and the snippet would read `{kind} {kind} {kind}` instead of the user's words.
 */
defineParameterType({ name: 'ref', regexp: /"([^"]*)"/, transformer: (s: string) => s, useForSnippets: false });
defineParameterType({ name: 'kind', regexp: /[A-Za-z][A-Za-z0-9.-]*/, transformer: (s: string) => s, useForSnippets: false });
defineParameterType({
  name: 'duration',
  regexp: /\d[\w.]*(?: (?:milliseconds?|seconds?|minutes?|hours?|days?|[a-z]+))?/,
  transformer: (s: string) => s,
  useForSnippets: false,
});

/**
 * `{nodeState}`: the word of `node "x" is Ready` — any word but `deleted`, which is the fault
 * `When node "x" is deleted` (Cucumber matches step text without its keyword, so the two would
 * otherwise be ambiguous). An unknown word still reaches the driver and gets a clear message.
 */
defineParameterType({ name: 'nodeState', regexp: /(?!deleted$)[^\s"]+/, transformer: (s: string) => s, useForSnippets: false });
