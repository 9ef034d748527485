import { randomBytes, randomUUID } from 'node:crypto';
import { issueDevToken } from '@vaikuta/auth';
import { BudgetingEvents } from '@vaikuta/contracts';
import { proposalsRoundRequest, ServiceProcess, startServiceProcess, TestSmtpServer, votingRoundRequest, waitFor } from '@vaikuta/testing';
import type { SinkSpan, TraceSink } from '../../../scripts/trace-sink.mjs';
import { ruleFor } from '../src/rules/notification-rules';

/**
 * Issue 12's "one trace shows a ballot's confirmation email end to end" (docs/adr/0017): the
 * budgeting and notification services as processes on one NATS namespace, exporting spans to
 * the development trace sink, a real SMTP server here. A caller sends `traceparent`; the trace
 * must run through budgeting's HTTP span, the outbox row's publish, the notification consumer's
 * span and, where the rule sends one, the BullMQ job and the SMTP send of the email.
 *
 * The ballot's trace is followed to the SMTP send of its receipt when the
 * `budgeting.ballot_confirmed` rule has a template (the rule first sent none: the ballot page
 * was the receipt, and the trace then ends in the consumer); the proposal receipt
 * (`budgeting.proposal_submitted`) is followed all the way to the SMTP server either way.
 */
jest.setTimeout(180_000);

describe('one trace from a budgeting request to the email it causes', () => {
  let smtp: TestSmtpServer;
  let sink: TraceSink;
  let budgeting: ServiceProcess;
  let notifications: ServiceProcess;

  beforeAll(async () => {
    const { startTraceSink } = await import('../../../scripts/trace-sink.mjs');
    sink = await startTraceSink({ port: 0 });
    smtp = await TestSmtpServer.start();
    // Exported every 100 ms rather than every 5 s, so the test waits less for the spans.
    const tracing = { OTEL_EXPORTER_OTLP_ENDPOINT: sink.url, OTEL_BSP_SCHEDULE_DELAY: '100' };
    budgeting = await startServiceProcess('budgeting', { label: 'trace_e2e', env: { ...tracing, LOG_LEVEL: 'info' } });
    notifications = await startServiceProcess('notifications', {
      label: 'trace_e2e',
      namespace: budgeting.namespace,
      keysDir: budgeting.keysDir,
      env: { ...tracing, SMTP_URL: smtp.url },
    });
  });

  afterAll(async () => {
    await notifications?.close();
    await budgeting?.close();
    await smtp?.close();
    await sink?.close();
  });

  const resident = (sub: string) =>
    issueDevToken(
      { sub, roles: ['resident'], birthdate: '2000-05-17', municipality: '091', authMethods: ['strong'], lang: 'fi' },
      { keysDir: budgeting.keysDir },
    );

  /** A W3C traceparent of a span of the caller's own, sampled. */
  const callerContext = () => {
    const traceId = randomBytes(16).toString('hex');
    const spanId = randomBytes(8).toString('hex');
    return { traceId, spanId, traceparent: `00-${traceId}-${spanId}-01` };
  };

  const createRound = async (coordinator: string, phases: 'proposals' | 'voting') => {
    // The phase under test is open now: proposals from yesterday, or voting from yesterday.
    const request = phases === 'proposals' ? proposalsRoundRequest : votingRoundRequest;
    const { body } = await budgeting
      .http()
      .post('/budgeting/rounds')
      .auth(coordinator, { type: 'bearer' })
      .send(request(new Date(), { title: { fi: 'Jäljityskierros' }, districts: [{ code: 'keskinen', name: { fi: 'Keskinen' }, budget: 100_000, cityWide: false }] }))
      .expect(201);
    return body.id as string;
  };

  /** The trace's spans once `done` holds for them (spans arrive in export batches, in any order). */
  const traceWhen = (traceId: string, what: string, done: (spans: SinkSpan[]) => boolean) =>
    waitFor(
      () => {
        const spans = sink.trace(traceId);
        return done(spans) ? spans : undefined;
      },
      { what, timeoutMs: 30_000, intervalMs: 100 },
    );

  const one = (spans: SinkSpan[], service: string, name: string) => {
    const found = spans.filter((s) => s.service === service && s.name === name);
    expect(found.map((s) => `${s.service}: ${s.name}`)).toEqual([`${service}: ${name}`]);
    return found[0];
  };

  it('a proposal’s receipt: the HTTP request, the outbox publish, the consumer, the BullMQ job and the SMTP send share one trace', async () => {
    const coordinator = await budgeting.token('coordinator', [], 'coordinator-trace');
    const proposer = await resident('proposer-trace');
    await notifications.http().put('/notifications/preferences').auth(proposer, { type: 'bearer' }).send({ language: 'fi', channels: ['email'], email: 'proposer@example.fi' }).expect(200);
    const roundId = await createRound(coordinator, 'proposals');

    const caller = callerContext();
    const { body: proposal } = await budgeting
      .http()
      .post(`/budgeting/rounds/${roundId}/proposals`)
      .auth(proposer, { type: 'bearer' })
      .set('traceparent', caller.traceparent)
      .send({ title: 'Penkkejä puistoon', description: 'Lisää penkkejä Kallion puistoon, kiitos.', language: 'fi', districtCode: 'keskinen' })
      .expect(201);

    const [mail] = await waitFor(() => (smtp.to('proposer@example.fi').length ? smtp.to('proposer@example.fi') : undefined), {
      what: 'the proposer’s receipt',
      timeoutMs: 30_000,
    });
    expect(mail.text).toContain('Penkkejä puistoon');

    // The event on the stream carries the request's trace in its envelope.
    const events = await budgeting.reader.events(budgeting.stream);
    const submitted = events.find((e) => e.event.type === BudgetingEvents.proposalSubmitted.type && e.event.data.proposalId === proposal.id)!;
    expect((submitted.event as { traceparent?: string }).traceparent).toMatch(new RegExp(`^00-${caller.traceId}-[\\da-f]{16}-01$`));

    const spans = await traceWhen(caller.traceId, 'the SMTP send’s span in the request’s trace', (list) => list.some((s) => s.name === 'smtp send'));
    const http = one(spans, 'budgeting', 'POST /budgeting/rounds/:roundId/proposals');
    const publish = one(spans, 'budgeting', `publish ${BudgetingEvents.proposalSubmitted.subject}`);
    const consume = one(spans, 'notifications', `process ${BudgetingEvents.proposalSubmitted.type}`);
    const deliver = one(spans, 'notifications', 'deliver email');
    const send = one(spans, 'notifications', 'smtp send');

    // One chain: caller → HTTP → (the event) → consumer → job → SMTP; the publish hangs off the HTTP span too.
    expect(http).toMatchObject({ kind: 'server', parentSpanId: caller.spanId, status: 'ok' });
    expect(http.attributes['http.response.status_code']).toBe(201);
    expect(publish).toMatchObject({ kind: 'producer', parentSpanId: http.spanId });
    expect(consume).toMatchObject({ kind: 'consumer', parentSpanId: http.spanId, status: 'ok' });
    expect(deliver).toMatchObject({ kind: 'consumer', parentSpanId: consume.spanId, status: 'ok' });
    expect(send).toMatchObject({ kind: 'client', parentSpanId: deliver.spanId, status: 'ok' });
    // The consumer handles the event after it was published, and the email goes after that.
    expect(BigInt(consume.startNanos)).toBeGreaterThan(BigInt(publish.startNanos));
    expect(BigInt(send.startNanos)).toBeGreaterThan(BigInt(consume.startNanos));
    // No address in any span.
    expect(JSON.stringify(spans)).not.toContain('proposer@example.fi');

    // The request's log line carries the same trace beside its correlation id.
    const line = budgeting
      .output()
      .split('\n')
      .find((l) => l.includes('"request completed"') && l.includes('/proposals') && l.includes('"POST"'));
    expect(line && JSON.parse(line)).toMatchObject({ trace_id: caller.traceId, span_id: http.spanId, correlationId: caller.traceId });
  });

  const ballotReceipt = Boolean(ruleFor(BudgetingEvents.ballotConfirmed.type)?.template);

  it(`a confirmed ballot: the HTTP request, the outbox publish, the notification consumer${ballotReceipt ? ', the BullMQ job and the SMTP send of its receipt' : ''} share one trace`, async () => {
    const coordinator = await budgeting.token('coordinator', [], 'coordinator-trace');
    const voter = await resident('voter-trace');
    await notifications.http().put('/notifications/preferences').auth(voter, { type: 'bearer' }).send({ language: 'fi', channels: ['email'], email: 'voter@example.fi' }).expect(200);
    const roundId = await createRound(coordinator, 'voting');
    const planId = randomUUID();
    // The plans feature's own tests cover making plans; here one is written as it would leave it.
    await budgeting.dataSource.query(
      `INSERT INTO plans (id, round_id, district_code, title, description, cost, status) VALUES ($1, $2, 'keskinen', $3, $3, 40000, 'on_ballot')`,
      [planId, roundId, { fi: 'Kallion leikkipaikat' }],
    );

    const caller = callerContext();
    await budgeting
      .http()
      .put(`/budgeting/rounds/${roundId}/ballot`)
      .auth(voter, { type: 'bearer' })
      .set('traceparent', caller.traceparent)
      .send({ districtCode: 'keskinen', district: [planId], cityWide: [], confirmed: true })
      .expect(200);

    // A parent span ends (and is exported) after its children: wait for the delivery's own span
    // too, not only for the SMTP send inside it.
    const awaited = ballotReceipt ? ['smtp send', 'deliver email'] : [`process ${BudgetingEvents.ballotConfirmed.type}`];
    const spans = await traceWhen(caller.traceId, `the ballot's ${awaited.join(' and ')} spans`, (list) => awaited.every((name) => list.some((s) => s.name === name)));
    const http = one(spans, 'budgeting', 'PUT /budgeting/rounds/:roundId/ballot');
    const publish = one(spans, 'budgeting', `publish ${BudgetingEvents.ballotConfirmed.subject}`);
    const consume = one(spans, 'notifications', `process ${BudgetingEvents.ballotConfirmed.type}`);
    expect(http).toMatchObject({ kind: 'server', parentSpanId: caller.spanId, status: 'ok' });
    expect(publish).toMatchObject({ kind: 'producer', parentSpanId: http.spanId });
    expect(consume).toMatchObject({ kind: 'consumer', parentSpanId: http.spanId, status: 'ok' });
    if (ballotReceipt) {
      const deliver = one(spans, 'notifications', 'deliver email');
      const send = one(spans, 'notifications', 'smtp send');
      expect(deliver).toMatchObject({ kind: 'consumer', parentSpanId: consume.spanId, status: 'ok' });
      expect(send).toMatchObject({ kind: 'client', parentSpanId: deliver.spanId, status: 'ok' });
      expect(smtp.to('voter@example.fi')).toHaveLength(1);
      expect(JSON.stringify(spans)).not.toContain('voter@example.fi');
    }

    // What the consumer did under that span: the voter now follows the plan they voted for.
    const follows = await notifications.dataSource.query(
      `SELECT s.item_key AS "itemKey" FROM subscriptions s JOIN recipients r ON r.id = s.recipient_id WHERE r.subject = 'voter-trace' AND s.active`,
    );
    expect(follows).toEqual([{ itemKey: `budgeting-plan:${planId}` }]);
  });

  it('both running services expose the metrics the dashboard and the alerts read (deploy/grafana/vaikuta.json)', async () => {
    const families = async (service: ServiceProcess) =>
      new Set([...(await (await fetch(`${service.url}/metrics`)).text()).matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]));
    const shared = ['http_request_duration_seconds', 'vaikuta_outbox_pending', 'vaikuta_outbox_lag_seconds', 'vaikuta_outbox_published_total', 'vaikuta_consumer_pending', 'vaikuta_events_handled_total', 'vaikuta_dead_letters', 'process_resident_memory_bytes'];
    const deliveries = ['vaikuta_notifications_sent_total', 'vaikuta_notifications_failed_total', 'vaikuta_notification_retries_total', 'vaikuta_notification_event_to_delivery_seconds'];
    const exposed = { budgeting: await families(budgeting), notifications: await families(notifications) };
    expect(shared.filter((name) => !exposed.budgeting.has(name))).toEqual([]);
    expect([...shared, ...deliveries].filter((name) => !exposed.notifications.has(name))).toEqual([]);
  });
});
