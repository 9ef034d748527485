import path from 'node:path';
import { Inject, Injectable, OnModuleDestroy, ServiceUnavailableException } from '@nestjs/common';
import { ValidationProblem } from '@vaikuta/http';
import { Piscina } from 'piscina';
import { BUDGETING_CONFIG, BudgetingConfig } from '../budgeting-config';
import { PabulibFormatError, type PabulibAnalysis, type ResultRule } from '../domain';
import type { PabulibAnalysisOutcome, PabulibAnalysisTask } from './pabulib-analysis.worker';

// The built service runs dist/**.js, so the worker is the .js beside this file. Jest (and services
// started from source) run this file as .ts: a worker thread has no TypeScript loader of its own,
// so it gets the swc register the repo's child processes use.
const WORKER = path.join(__dirname, `pabulib-analysis.worker${path.extname(__filename)}`);
const TS_REGISTER = path.resolve(__dirname, '../../../../libs/testing/src/services/ts-register.js');

/** An analysis asked for, or cut short, while the service shuts down. */
const stopping = () => new ServiceUnavailableException({ title: 'The service is stopping', detail: 'Send the file again in a moment' });

/**
 * 503 for an analysis asked for while PABULIB_ANALYSIS_MAX_QUEUE others already wait. Every one of
 * them ends (answered or cut at 422) within the deadline from its request, so the queue is empty
 * again after at most one deadline: that is the Retry-After the controller sends.
 */
export class PabulibAnalysisQueueFull extends ServiceUnavailableException {
  constructor(readonly retryAfterSeconds: number) {
    super({
      title: 'Too many analyses waiting',
      detail: `Other Pabulib analyses are waiting for the service's analysis thread. Send the file again in ${retryAfterSeconds} s.`,
      retryAfter: retryAfterSeconds,
    });
  }
}

/**
 * Runs Pabulib analyses in one worker thread, so that equal shares over a large file (tens of
 * seconds of CPU) never stalls ballots and reads, and stops any analysis past the configured
 * deadline by terminating its thread. The thread starts with the first analysis and ends when idle.
 */
@Injectable()
export class PabulibAnalysisPool implements OnModuleDestroy {
  private pool: Piscina<PabulibAnalysisTask, PabulibAnalysisOutcome> | undefined;
  private closed = false;
  /** Running and waiting, until each is answered (or aborted at its deadline). */
  private analyses = 0;

  constructor(@Inject(BUDGETING_CONFIG) private readonly config: BudgetingConfig) {}

  /**
   * What the rule chooses in the file; PabulibFormatError for a file it cannot read, 422 past the
   * deadline, PabulibAnalysisQueueFull when too many wait already.
   */
  async analyse(text: string, rule: ResultRule, { maxBytes }: { maxBytes: number }): Promise<PabulibAnalysis> {
    const deadlineMs = this.config.pabulibAnalysisTimeoutMs;
    const threads = this.threads();
    // Counted here rather than by piscina's maxQueue: piscina 5.3 keeps a task that has an abort
    // signal (each of these has) in a queue of its own that maxQueue does not count, so the bound
    // never applied. One thread: all analyses but the running one are waiting.
    if (this.analyses > this.config.pabulibAnalysisMaxQueue) throw new PabulibAnalysisQueueFull(Math.ceil(deadlineMs / 1000));
    // The deadline counts from the request, so time spent waiting behind another analysis counts too.
    const signal = AbortSignal.timeout(deadlineMs);
    let outcome: PabulibAnalysisOutcome;
    this.analyses++;
    try {
      outcome = await threads.run({ text, rule, maxBytes }, { signal });
    } catch (error) {
      if (signal.aborted) {
        throw ValidationProblem.field('(body)', `The election is too large to analyse here within ${deadlineMs / 1000} s: analyse it with a Pabulib tool of your own`, 422);
      }
      if (this.closed) throw stopping();
      throw error;
    } finally {
      this.analyses--;
    }
    if ('formatError' in outcome) throw new PabulibFormatError(outcome.formatError.line, outcome.formatError.reason);
    return outcome.analysis;
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    // destroy, not close: shutdown (and a test's end) must not wait for a long analysis.
    await this.pool?.destroy();
    this.pool = undefined;
  }

  private threads(): Piscina<PabulibAnalysisTask, PabulibAnalysisOutcome> {
    if (this.closed) throw stopping();
    this.pool ??= new Piscina<PabulibAnalysisTask, PabulibAnalysisOutcome>({
      filename: WORKER,
      // One thread: the service has about one core, which the event loop must keep a share of.
      minThreads: 0,
      maxThreads: 1,
      // A thread that read a large file holds its memory: let it end after a minute unused.
      idleTimeout: 60_000,
      // Lower priority than the event loop's thread, so on one core the ballots still come first.
      niceIncrement: 10,
      ...(WORKER.endsWith('.ts') ? { execArgv: ['--require', TS_REGISTER] } : {}),
    });
    return this.pool;
  }
}
