/**
 * Coalesces concurrent calls into one SQL statement. Each delivery claims its row and records
 * its outcome; with 32 sends in flight that was 64 statements — 64 socket round trips — for
 * 32 messages, and on a busy host the round trips, not PostgreSQL, were the cost
 * (bench/README.md, notifications). Calls made while a statement is running wait and go
 * together in the next one; a call on an idle batcher runs at once, so a quiet service adds
 * no delay.
 */
export class StatementBatcher<In, Out> {
  private waiting: { input: In; resolve: (out: Out) => void; reject: (error: unknown) => void }[] = [];
  private running = false;

  /** `run` answers one output per input, in the same order. */
  constructor(
    private readonly run: (inputs: In[]) => Promise<Out[]>,
    private readonly maxBatch = 200,
  ) {}

  call(input: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.waiting.push({ input, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    // Let the calls made in this same turn of the event loop join the first statement.
    await new Promise<void>((r) => setImmediate(r));
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.maxBatch);
      try {
        const outputs = await this.run(batch.map((b) => b.input));
        batch.forEach((b, i) => b.resolve(outputs[i]));
      } catch (error) {
        for (const b of batch) b.reject(error);
      }
    }
    this.running = false;
  }
}
