import { exampleStepText, shownArgument, type StepDoc } from './catalogue';

/** The part of a Cucumber step definition the check needs (Cucumber's StepDefinition has these). */
export interface DefinedStep {
  pattern: string | RegExp;
  uri: string;
  line: number;
  matchesStepName(stepName: string): boolean;
}

/**
 * Checks that the catalogue tells the truth: each example runs exactly the step it documents, a step taking a
 * doc string or table shows one, and every step definition has a catalogue entry. Returns one line per problem.
 */
export function checkCatalogue(docs: readonly StepDoc[], defined: readonly DefinedStep[]): string[] {
  const problems: string[] = [];
  for (const doc of docs) {
    const where = doc.source ? ` (${doc.source})` : '';
    const text = exampleStepText(doc);
    const matches = defined.filter((d) => d.matchesStepName(text));
    if (matches.length === 0) {
      problems.push(`"${doc.keyword} ${doc.pattern}"${where}: its example "${text}" matches no step`);
    } else if (matches.length > 1) {
      const which = matches.map((m) => `"${String(m.pattern)}" (${m.uri}:${m.line})`).join(', ');
      problems.push(`"${doc.keyword} ${doc.pattern}"${where}: its example "${text}" is ambiguous: ${which}`);
    } else if (String(matches[0].pattern) !== doc.pattern) {
      problems.push(
        `"${doc.keyword} ${doc.pattern}"${where}: its example "${text}" runs "${String(matches[0].pattern)}" instead`,
      );
    }
    const shown = shownArgument(doc.example);
    if (shown !== doc.argument) {
      problems.push(`"${doc.keyword} ${doc.pattern}"${where}: takes ${argumentName(doc.argument)} but its example shows ${argumentName(shown)}`);
    }
  }
  const documented = new Set(docs.map((d) => d.pattern));
  for (const d of defined) {
    if (!documented.has(String(d.pattern))) {
      problems.push(`"${String(d.pattern)}" (${d.uri}:${d.line}) has no catalogue entry: define it with step() from steps/support/define.ts`);
    }
  }
  return problems;
}

function argumentName(argument: StepDoc['argument']): string {
  return argument === 'none' ? 'no doc string or table' : argument === 'docstring' ? 'a doc string' : 'a table';
}
