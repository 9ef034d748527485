import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import IORedis from 'ioredis';
import { DataSource } from 'typeorm';
import { issueDevToken } from '@vaikuta/auth';
import { BudgetingEvents } from '@vaikuta/contracts';
import { createTestDatabase, TestDatabase } from '@vaikuta/persistence';
import { freePort, StreamReader, testNamespace, TS_REGISTER, waitFor } from '@vaikuta/testing';
import { roundRequest } from './budgeting-test-app';

// The budgeting service is killed with SIGKILL in the middle of a burst of online ballots and
// started again on the same database and stream; every voter's client retries what got no
// answer with the same Idempotency-Key, as the portal's confirm form does. Afterwards the
// database and the stream must show every ballot exactly once: nothing lost, nothing doubled.
// The kill comes after a fixed number of answers (not after a time), so the test does not
// depend on the machine's speed; what it asserts holds wherever the kill lands.
//
// The narrowest place for a kill is after a ballot's commit and before its answer reached Redis
// (docs/adr/0007): the retry finds no stored answer. Online entries take their id from the
// Idempotency-Key (IdempotentRequestId), so the retry finds the entry instead of adding one; the
// second test puts the kill exactly there.

jest.setTimeout(120_000);

const VOTERS = 240;
/** Every third voter changes their ballot once: a second PUT with a new key and new plans. */
const changes = (voter: number) => voter % 3 === 0;
const CLIENTS = 24;
const PLANS = 6;

const MAIN = path.resolve(__dirname, '../src/main.ts');

/** One ballot of one voter: its own Idempotency-Key, and plans no other ballot of the voter has, so the log entry says which request it came from. */
interface Ballot {
  voter: number;
  step: number;
  key: string;
  plans: string[];
  /** The receipt's ballotId, once a 2xx came back. */
  answeredId?: string;
}

/** The service as a process of its own, which the test can SIGKILL and start again on the same database, stream and keys. */
class BudgetingProcess {
  private child?: ChildProcess;
  private output = '';

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  get url(): string {
    return `http://127.0.0.1:${this.env.PORT}`;
  }

  async start(): Promise<void> {
    const child = spawn(process.execPath, ['-r', TS_REGISTER, MAIN], { env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-32_000));
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    this.child = child;
    const state = await waitFor(
      async () => {
        if (child.exitCode !== null || child.signalCode) return 'stopped';
        return (await fetch(`${this.url}/health/ready`)).status === 200 && 'ready';
      },
      { what: 'budgeting /health/ready', timeoutMs: 90_000, intervalMs: 100 },
    );
    if (state === 'stopped') throw new Error(`budgeting stopped before it was ready:\n${this.output.slice(-8000)}`);
  }

  async kill(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  }

  lastOutput(): string {
    return this.output.slice(-8000);
  }
}

/**
 * A TCP relay between the service and Redis that can hold back the write of a finished answer
 * (the idempotency store's COMPLETE script, the only command that carries ARGV[2]), so the
 * test can kill the service after its transaction committed and before the answer was stored.
 */
class RedisRelay {
  holdAnswers = false;
  private readonly server = net.createServer((client) => this.relay(client));
  private readonly sockets = new Set<net.Socket>();
  private heldOne?: () => void;

  constructor(private readonly upstream: URL) {}

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `redis://127.0.0.1:${(this.server.address() as net.AddressInfo).port}`;
  }

  /** Resolves once an answer's write has been held back (and dropped). */
  answerHeld(): Promise<void> {
    return new Promise((resolve) => (this.heldOne = resolve));
  }

  private relay(client: net.Socket): void {
    const upstream = net.connect(Number(this.upstream.port || 6379), this.upstream.hostname);
    for (const s of [client, upstream]) {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.on('data', (chunk) => {
      if (this.holdAnswers && chunk.includes('ARGV[2]')) {
        this.heldOne?.();
        return;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => client.write(chunk));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

let relay: RedisRelay;
let db: TestDatabase;
let namespace: string;
let keysDir: string;
let service: BudgetingProcess;
let dataSource: DataSource;
let reader: StreamReader;
let redis: IORedis;

beforeAll(async () => {
  db = await createTestDatabase('bud_intake_kill');
  namespace = testNamespace('bud_kill');
  keysDir = await mkdtemp(path.join(os.tmpdir(), 'vaikuta-keys-'));
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  relay = new RedisRelay(new URL(redisUrl));
  service = new BudgetingProcess({
    ...process.env,
    NODE_ENV: 'test',
    RATE_LIMITS: 'off',
    LOG_LEVEL: 'warn',
    PORT: String(await freePort()),
    HOST: '127.0.0.1',
    DATABASE_URL: db.url,
    NATS_NAMESPACE: namespace,
    AUTH_DEV_ISSUER: 'true',
    AUTH_DEV_KEYS_DIR: keysDir,
    REDIS_URL: await relay.listen(),
  });
  await service.start();
  dataSource = await new DataSource({ type: 'postgres', url: db.url, extra: { max: 2 } }).initialize();
  reader = await StreamReader.open();
  redis = new IORedis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
});

afterAll(async () => {
  await service?.kill('SIGTERM');
  await relay?.close();
  await dataSource?.destroy();
  if (redis) {
    const keys = await redis.keys(`budgeting:${namespace}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  }
  await reader?.deleteNamespace(namespace).catch(() => undefined);
  await reader?.close();
  await db?.drop();
  if (keysDir) await rm(keysDir, { recursive: true, force: true });
});

const token = (sub: string, roles: string[]) =>
  issueDevToken({ sub, roles: roles as never, birthdate: '2000-05-17', municipality: '091', authMethods: ['strong'] }, { keysDir });

async function votingRound(): Promise<{ roundId: string; plans: string[] }> {
  const coordinator = await token('kill-coordinator', ['coordinator']);
  const res = await fetch(`${service.url}/budgeting/rounds`, {
    method: 'POST',
    headers: { authorization: `Bearer ${coordinator}`, 'content-type': 'application/json' },
    body: JSON.stringify(roundRequest(new Date(), { reconciliationPolicy: 'latest' })),
  });
  expect(res.status).toBe(201);
  const { id: roundId } = (await res.json()) as { id: string };
  const plans: string[] = [];
  for (let i = 0; i < PLANS; i++) {
    const id = randomUUID();
    await dataSource.query(`INSERT INTO plans (id, round_id, district_code, title, description, cost, status) VALUES ($1, $2, 'keskinen', $3, $3, 10000, 'on_ballot')`, [
      id,
      roundId,
      { fi: `Suunnitelma ${i + 1}` },
    ]);
    plans.push(id);
  }
  return { roundId, plans };
}

/** Until this ballot has a 2xx: a refused connection, a reset, a 409 (the key is still reserved) or a 5xx is tried again with the same key. */
const unanswered = { count: 0 };

async function castUntilAnswered(roundId: string, bearer: string, ballot: Ballot, onAnswer: () => void): Promise<void> {
  const body = JSON.stringify({ districtCode: 'keskinen', district: ballot.plans, cityWide: [], confirmed: true });
  for (let attempt = 0; ; attempt++) {
    let status = 0;
    let text = '';
    try {
      const res = await fetch(`${service.url}/budgeting/rounds/${roundId}/ballot`, {
        method: 'PUT',
        headers: { authorization: bearer, 'content-type': 'application/json', 'idempotency-key': ballot.key },
        body,
        signal: AbortSignal.timeout(15_000),
      });
      status = res.status;
      text = await res.text();
    } catch {
      status = 0; // the process died under the request, or is not listening yet
      unanswered.count++;
    }
    if (status >= 200 && status < 300) {
      ballot.answeredId = (JSON.parse(text) as { ballotId: string }).ballotId;
      onAnswer();
      return;
    }
    if (status !== 0 && status !== 409 && status < 500) throw new Error(`voter ${ballot.voter} step ${ballot.step}: ${status} ${text}`);
    if (attempt > 600) throw new Error(`voter ${ballot.voter} step ${ballot.step}: no answer after ${attempt} attempts (last ${status} ${text})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The reservations the killed process held would free themselves after 120 s (ADR 0007). The
 * test takes that time away by removing them while no process is running, so a retry meets
 * what it would meet two minutes later, without the wait.
 */
async function expirePendingReservations(): Promise<number> {
  let expired = 0;
  for (const key of await redis.keys(`budgeting:${namespace}:idem:*`)) {
    const raw = await redis.get(key);
    if (raw && (JSON.parse(raw) as { state: string }).state === 'pending') expired += await redis.del(key);
  }
  return expired;
}

describe('ballot intake when the service is killed in the middle of a burst', () => {
  it("loses no answered ballot, enters no retry twice, counts every voter's last ballot and publishes every ballot event exactly once", async () => {
    const { roundId, plans } = await votingRound();
    const ballots: Ballot[][] = Array.from({ length: VOTERS }, (_, voter) => {
      const first = { voter, step: 0, key: randomUUID(), plans: [plans[voter % PLANS]] };
      // A changed ballot never repeats the first one's plans, so each entry names its request.
      const second = { voter, step: 1, key: randomUUID(), plans: [plans[(voter + 1) % PLANS], plans[(voter + 2) % PLANS]] };
      return changes(voter) ? [first, second] : [first];
    });
    const total = ballots.flat().length;
    const bearers = await Promise.all(ballots.map((_, voter) => token(`kill-voter-${voter}`, ['resident']).then((t) => `Bearer ${t}`)));

    // The kill lands once a third of the ballots were answered, while CLIENTS requests are in flight.
    let answered = 0;
    let killed: Promise<void> | undefined;
    const restart = async () => {
      await service.kill('SIGKILL');
      await expirePendingReservations();
      await service.start();
    };
    const onAnswer = () => {
      answered++;
      if (answered === Math.floor(total / 3)) killed = restart();
    };

    let next = 0;
    const client = async () => {
      while (next < VOTERS) {
        const voter = next++;
        for (const ballot of ballots[voter]) await castUntilAnswered(roundId, bearers[voter], ballot, onAnswer);
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, client));
    expect(killed).toBeDefined();
    await killed;
    // The kill cut requests off: some got no answer from the first process and were retried.
    expect(unanswered.count).toBeGreaterThan(0);

    // Every request was answered 2xx in the end (the loop throws otherwise).
    expect(ballots.flat().filter((b) => !b.answeredId)).toEqual([]);

    const log: { id: string; sub: string; district_plans: string[] }[] = await dataSource.query(
      `SELECT l.id, v.sub, l.district_plans FROM ballot_log l JOIN voters v USING (round_id, person_key) WHERE l.round_id = $1 ORDER BY l.seq`,
      [roundId],
    );
    // One answered entry for each request (key): a retry got the first answer again, not a new entry.
    const answeredIds = new Set(ballots.flat().map((b) => b.answeredId!));
    expect(answeredIds.size).toBe(total);
    const logIds = new Set(log.map((e) => e.id));
    expect([...answeredIds].filter((id) => !logIds.has(id))).toEqual([]);
    // And nothing else: no entry that no answer names (a ballot committed by the killed process
    // and entered again by its retry would be one).
    expect(log.filter((e) => !answeredIds.has(e.id))).toEqual([]);
    expect(log).toHaveLength(total);

    // Each voter's last confirmed ballot is the one that counts.
    const counted: { sub: string; id: string; district_plans: string[] }[] = await dataSource.query(
      `SELECT v.sub, l.id, l.district_plans FROM counted_ballots c JOIN ballot_log l ON l.seq = c.ballot_seq
         JOIN voters v ON v.round_id = c.round_id AND v.person_key = c.person_key WHERE c.round_id = $1`,
      [roundId],
    );
    expect(counted).toHaveLength(VOTERS);
    const countedBySub = new Map(counted.map((c) => [c.sub, c]));
    const wrong = ballots.filter((mine, voter) => {
      const last = mine.at(-1)!;
      const c = countedBySub.get(`kill-voter-${voter}`);
      return !c || c.id !== last.answeredId || [...c.district_plans].sort().join() !== [...last.plans].sort().join();
    });
    expect(wrong.map((mine) => mine[0].voter)).toEqual([]);

    // Every ballot's event left the outbox, and the stream holds each exactly once (by Nats-Msg-Id = outbox id).
    await waitFor(async () => Number((await dataSource.query(`SELECT count(*) AS n FROM outbox WHERE published_at IS NULL`))[0].n) === 0, {
      what: 'the outbox to drain after the restart',
      timeoutMs: 30_000,
    });
    const outbox: { id: string; ballot_id: string }[] = await dataSource.query(
      `SELECT id, envelope->'data'->>'ballotId' AS ballot_id FROM outbox WHERE type = $1`,
      [BudgetingEvents.ballotConfirmed.type],
    );
    expect(new Set(outbox.map((o) => o.ballot_id))).toEqual(new Set(log.map((e) => e.id)));
    const events = (await reader.events(`${namespace.toUpperCase()}_BUDGETING`)).filter((e) => e.event.type === BudgetingEvents.ballotConfirmed.type);
    const seen = new Map<string, number>();
    for (const e of events) seen.set(e.msgId!, (seen.get(e.msgId!) ?? 0) + 1);
    expect([...seen].filter(([, n]) => n > 1)).toEqual([]);
    expect(new Set(seen.keys())).toEqual(new Set(outbox.map((o) => o.id)));
  });

  // docs/adr/0007: a request that committed and then died before storing its answer is not found
  // in Redis by the retry. Without the entry id taken from the key that meant a second log entry
  // (and a second event) for one confirmation; this test failed every time before that.
  it('does not enter a ballot twice when the kill lands after its commit and before its answer was stored', async () => {
    const { roundId, plans } = await votingRound();
    const bearer = `Bearer ${await token('kill-gap-voter', ['resident'])}`;
    const ballot: Ballot = { voter: -1, step: 0, key: randomUUID(), plans: [plans[0]] };
    relay.holdAnswers = true;
    const held = relay.answerHeld();
    const first = fetch(`${service.url}/budgeting/rounds/${roundId}/ballot`, {
      method: 'PUT',
      headers: { authorization: bearer, 'content-type': 'application/json', 'idempotency-key': ballot.key },
      body: JSON.stringify({ districtCode: 'keskinen', district: ballot.plans, cityWide: [], confirmed: true }),
    }).catch(() => 'no answer');
    await held; // committed: the answer is on its way to Redis
    await service.kill('SIGKILL');
    relay.holdAnswers = false;
    expect(await first).toBe('no answer');
    const entries = async () => (await dataSource.query(`SELECT id FROM ballot_log WHERE round_id = $1`, [roundId])) as { id: string }[];
    expect(await entries()).toHaveLength(1);

    await expirePendingReservations();
    await service.start();
    await castUntilAnswered(roundId, bearer, ballot, () => undefined);
    expect((await entries()).map((e) => e.id)).toEqual([ballot.answeredId]);
  });
});
