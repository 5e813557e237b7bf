/**
 * A mistake in a feature file or manifest (bad YAML, unknown kind, bad duration, an object that
 * does not exist). The runner prints its message — which names the feature file, line, object and
 * field — without a stack trace: the stack would point into kubespec, not at the user's mistake.
 */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
    // Cucumber prints `stack` for a failed step; make it just the message.
    this.stack = message;
  }
}

/** A failed assertion: expected vs actual, at a virtual time. Printed without a stack trace too. */
export class AssertionFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AssertionFailure';
    this.stack = message;
  }
}
