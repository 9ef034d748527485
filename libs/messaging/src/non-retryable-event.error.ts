/**
 * Thrown by a handler when retrying cannot help — the event asks for something this
 * consumer can never do as deployed (a missing template, a rule that cannot apply).
 * The runner parks the event as a dead letter at once, with this message as the reason,
 * instead of spending `maxDeliver` deliveries on it. Replay it once the cause is fixed.
 */
export class NonRetryableEventError extends Error {
  readonly nonRetryable = true;

  constructor(message: string) {
    super(message);
    this.name = 'NonRetryableEventError';
  }

  /** Also recognises the error across copies of this module (a duck-typed flag). */
  static is(error: unknown): boolean {
    return error instanceof NonRetryableEventError || (error as { nonRetryable?: unknown })?.nonRetryable === true;
  }
}
