/** Where a step's text came from, for messages that point at the user's file and line. */
export interface SourcePos {
  /** The feature file, relative to the working directory (`features/api/crud.feature`). */
  uri: string;
  /** The line of the step. */
  line: number;
  /** The line of the opening `"""` of its doc string, when it has one. */
  docStringLine?: number;
  /**
   * The column of that opening `"""` (1-based). Gherkin strips this much indentation from each line of the
   * doc string, so a column inside the doc string is this minus one plus the column in the feature file.
   */
  docStringColumn?: number;
}

export function at(pos: SourcePos | undefined, line?: number): string {
  if (!pos) return '';
  return `${pos.uri}:${line ?? pos.line}`;
}
