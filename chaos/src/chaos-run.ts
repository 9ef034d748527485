import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FaultCounts, FaultKind, FaultSchedule } from './faults/fault-schedule';
import { InvariantChecker, InvariantReport } from './invariants/invariants';
import { StreamCensus } from './invariants/stream-census';
import { LoadMix } from './load/load-mix';
import type { RequestCounts } from './load/retrying-client';
import { CHAOS_SERVICES, ChaosPlatform, Layout } from './platform/platform';

export interface ChaosOptions {
  layout: Layout;
  /** How long the load runs, with faults injected throughout (seconds). */
  durationSec: number;
  /** Calm between two faults (ms). */
  settleMs?: number;
  /** Pause the notifications consumer with SIGSTOP past its ack wait (35 s each time). */
  pause?: boolean;
  /** Client loops per kind of request. */
  loops?: number;
  /** After the load: how long an unanswered request keeps retrying before it is abandoned (ms). */
  graceMs?: number;
  /** The fault kinds, in the order they are cycled; default all of them. */
  faults?: FaultKind[];
  /** Where the results JSON goes; none when undefined. */
  resultsDir?: string;
  log?: (line: string) => void;
}

export interface ChaosResult {
  layout: Layout;
  startedAt: string;
  durationSec: number;
  requests: Record<string, RequestCounts>;
  faults: Record<string, FaultCounts>;
  events: number;
  deliveries: number;
  deadLetters: number;
  replays: InvariantReport['replays'];
  /** Emails resent because their sender was killed mid-send (same Message-ID); not violations. */
  resentAfterSenderKill: string[];
  invariants: InvariantReport['results'];
  violations: number;
  timingsMs: { start: number; load: number; drain: number; check: number };
  resultsFile?: string;
}

/** Starts the platform, runs the load with faults, waits until it drains, checks the invariants, and stops everything. */
export async function runChaos(options: ChaosOptions): Promise<ChaosResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const startedAt = new Date();
  const t0 = Date.now();
  const platform = await ChaosPlatform.start(options.layout, log);
  try {
    const tStarted = Date.now();
    const load = new LoadMix(platform);
    await load.prepare();
    const faults = new FaultSchedule(platform, load.clients, log, { settleMs: options.settleMs ?? 3_000, pause: options.pause ?? true });
    const stopAt = Date.now() + options.durationSec * 1000;
    log(`load and faults for ${options.durationSec} s`);
    await Promise.all([load.run(stopAt, options.graceMs ?? 150_000, options.loops ?? 2), faults.run(stopAt, options.faults)]);
    const tLoaded = Date.now();
    log('load done; waiting for the platform to drain');
    await drain(platform);
    const tDrained = Date.now();
    const senderKills = (faults.counts.get('kill -9 service')?.targets ?? []).filter((t) => t.target.startsWith('notifications#')).map((t) => Date.parse(t.from));
    const report = await new InvariantChecker(platform, load.ledger, faults.poison, senderKills).run();
    const tChecked = Date.now();

    const requests: Record<string, RequestCounts> = {};
    for (const [service, client] of load.clients) for (const [kind, counts] of client.counts) if (kind !== 'setup') requests[`${service}: ${kind}`] = counts;
    const result: ChaosResult = {
      layout: options.layout,
      startedAt: startedAt.toISOString(),
      durationSec: options.durationSec,
      requests,
      faults: Object.fromEntries(faults.counts),
      events: report.events,
      deliveries: report.deliveries,
      deadLetters: report.deadLetters,
      replays: report.replays,
      resentAfterSenderKill: report.resentAfterSenderKill,
      invariants: report.results,
      violations: report.results.reduce((n, r) => n + r.violations.length, 0),
      timingsMs: { start: tStarted - t0, load: tLoaded - tStarted, drain: tDrained - tLoaded, check: tChecked - tDrained },
    };
    if (options.resultsDir) {
      mkdirSync(options.resultsDir, { recursive: true });
      result.resultsFile = path.join(options.resultsDir, `${startedAt.toISOString().replace(/[:.]/g, '-')}-${options.layout}.json`);
      writeFileSync(result.resultsFile, JSON.stringify(result, null, 2));
    }
    return result;
  } catch (error) {
    for (const replica of platform.all()) log(`--- ${replica.name} ---\n${replica.lastOutput().slice(-3000)}`);
    throw error;
  } finally {
    await platform.close();
  }
}

/**
 * Waits until nothing is in flight: every outbox relayed, every durable consumer caught up,
 * no notification pending or sending, and the SMTP sink quiet for two seconds.
 */
async function drain(platform: ChaosPlatform, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const census = await StreamCensus.open(platform.nats.url);
  let lastMails = -1;
  let quietSince = Date.now();
  try {
    for (;;) {
      const waiting: string[] = [];
      for (const service of CHAOS_SERVICES) {
        const [{ n }] = await platform.query<{ n: number }>(service, `SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`);
        if (n > 0) waiting.push(`${service} outbox ${n}`);
      }
      for (const c of await census.consumers()) if (c.pending + c.ackPending > 0) waiting.push(`${c.stream}/${c.durable} ${c.pending}+${c.ackPending}`);
      const [{ n: unsent }] = await platform.query<{ n: number }>('notifications', `SELECT count(*)::int AS n FROM notifications WHERE status IN ('pending', 'sending')`);
      if (unsent > 0) waiting.push(`${unsent} notifications unsent`);
      const mails = platform.smtp.messages.length;
      if (mails !== lastMails) {
        lastMails = mails;
        quietSince = Date.now();
      }
      if (waiting.length === 0 && Date.now() - quietSince >= 2_000) return;
      if (Date.now() > deadline) throw new Error(`the platform did not drain within ${timeoutMs} ms: ${waiting.join(', ')}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    await census.close();
  }
}

/** The table the README keeps: one line per request kind and per fault. */
export function summarise(result: ChaosResult): string {
  const lines = [`chaos run: layout ${result.layout}, ${result.durationSec} s of load`];
  lines.push('requests (accepted / refused / retried / abandoned):');
  for (const [kind, c] of Object.entries(result.requests)) lines.push(`  ${kind.padEnd(40)} ${c.accepted} / ${c.refused} / ${c.retried} / ${c.abandoned}`);
  lines.push('faults (injected; requests accepted / refused / retried / abandoned while they lasted):');
  for (const [kind, f] of Object.entries(result.faults)) {
    const r = f.requests;
    lines.push(`  ${kind.padEnd(40)} ${f.injected}×; ${r.accepted} / ${r.refused} / ${r.retried} / ${r.abandoned}`);
  }
  lines.push(`events on the streams ${result.events}, emails delivered ${result.deliveries}, dead letters ${result.deadLetters} (replays: ${result.replays.map((r) => r.status).join(', ') || 'none'})`);
  lines.push(`emails resent after their sender was killed mid-send (same Message-ID, not a violation): ${result.resentAfterSenderKill.length}`);
  for (const r of result.resentAfterSenderKill) lines.push(`  ${r}`);
  lines.push('invariants:');
  for (const inv of result.invariants) {
    lines.push(`  ${inv.violations.length === 0 ? 'ok  ' : 'FAIL'} ${inv.name} (${inv.checked} checked)`);
    for (const v of inv.violations.slice(0, 10)) lines.push(`         ${v}`);
    if (inv.violations.length > 10) lines.push(`         … ${inv.violations.length - 10} more`);
  }
  lines.push(`violations: ${result.violations}`);
  lines.push(`timings: start ${result.timingsMs.start} ms, load ${result.timingsMs.load} ms, drain ${result.timingsMs.drain} ms, checks ${result.timingsMs.check} ms`);
  return lines.join('\n');
}
