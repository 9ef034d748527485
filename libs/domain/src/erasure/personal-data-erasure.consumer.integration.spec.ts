import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { DataSource, EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import { CloudEvent, PrivacyEvents } from '@vaikuta/contracts';
import { createTestDatabase, openServiceDataSource, TestDatabase } from '@vaikuta/persistence';
import { erasureLogMigration } from './erasure-log.migration';
import { ErasureSubject, PersonalDataErasureConsumer } from './personal-data-erasure.consumer';

class CreateSigners1764700000011 implements MigrationInterface {
  name = 'CreateSigners1764700000011';
  async up(q: QueryRunner) {
    await q.query(`CREATE TABLE signers (id serial PRIMARY KEY, subject text, email text)`);
  }
  async down(q: QueryRunner) {
    await q.query(`DROP TABLE signers`);
  }
}

/** What a service writes: only its own SQL. */
class SignerErasure extends PersonalDataErasureConsumer {
  protected readonly erasedRecords = 'signer';
  calls = 0;

  protected async erase(subject: ErasureSubject, tx: EntityManager): Promise<number> {
    this.calls++;
    const [, deleted]: [unknown[], number] = await tx.query(
      `DELETE FROM signers WHERE ($1::text IS NOT NULL AND subject = $1) OR ($2::text IS NOT NULL AND email = $2)`,
      [subject.subjectId ?? null, subject.email ?? null],
    );
    return deleted;
  }
}

function erasureEvent(data: Partial<ErasureSubject>): CloudEvent {
  return {
    specversion: '1.0',
    id: randomUUID(),
    source: 'vaikuta/feedback',
    type: PrivacyEvents.erasureRequested.type,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    data: { requestId: randomUUID(), requestedAt: new Date().toISOString(), ...data },
  } as CloudEvent;
}

describe('PersonalDataErasureConsumer on PostgreSQL', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  const consumer = new SignerErasure();
  let logged: string[];

  beforeAll(async () => {
    db = await createTestDatabase('domain_erasure');
    dataSource = await openServiceDataSource({ url: db.url, entities: [], migrations: [CreateSigners1764700000011, erasureLogMigration(1764700000012)] });
  });

  beforeEach(() => {
    logged = [];
    jest.spyOn(Logger.prototype, 'log').mockImplementation((message: unknown) => void logged.push(String(message)));
  });

  afterEach(() => jest.restoreAllMocks());

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const apply = (event: CloudEvent) => dataSource.transaction((tx) => consumer.onErasureRequested(event, tx));
  const signers = async () => (await dataSource.query(`SELECT subject, email FROM signers ORDER BY id`)) as { subject: string | null; email: string | null }[];

  it('erases through the service’s SQL, records the outcome without personal data, and logs only ids and counts', async () => {
    await dataSource.query(`INSERT INTO signers (subject, email) VALUES ('sub-anna', 'anna@example.fi'), (NULL, 'anna@example.fi'), ('sub-ben', 'ben@example.fi')`);
    const event = erasureEvent({ subjectId: 'sub-anna', email: 'anna@example.fi' });
    await apply(event);
    expect(await signers()).toEqual([{ subject: 'sub-ben', email: 'ben@example.fi' }]);
    const requestId = (event.data as ErasureSubject).requestId;
    const [outcome] = await dataSource.query(`SELECT request_id, event_id, erased, named FROM erasures_applied WHERE request_id = $1`, [requestId]);
    expect(outcome).toEqual({ request_id: requestId, event_id: event.id, erased: 2, named: ['subjectId', 'email'] });
    expect(logged).toEqual([`erasure request ${requestId}: 2 signer(s) erased`]);
    const everything = JSON.stringify([await dataSource.query(`SELECT * FROM erasures_applied`), logged]);
    expect(everything).not.toMatch(/anna|sub-anna/);
  });

  it('applies an event once: a redelivery of the same event erases and counts nothing again', async () => {
    const event = erasureEvent({ email: 'carl@example.fi' });
    await dataSource.query(`INSERT INTO signers (email) VALUES ('carl@example.fi')`);
    await apply(event);
    const callsAfterFirst = consumer.calls;
    // The same person signs again after the erasure; a replay of the old event must not touch it.
    await dataSource.query(`INSERT INTO signers (email) VALUES ('carl@example.fi')`);
    await apply(event);
    expect(consumer.calls).toBe(callsAfterFirst);
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM signers WHERE email = 'carl@example.fi'`)).toEqual([{ n: 1 }]);
    expect(await dataSource.query(`SELECT erased FROM erasures_applied WHERE event_id = $1`, [event.id])).toEqual([{ erased: 1 }]);
    expect(logged[1]).toContain('was applied before');
  });

  it('takes each event of one request (one per contact) and records each', async () => {
    const requestId = randomUUID();
    await dataSource.query(`INSERT INTO signers (email) VALUES ('d1@example.fi'), ('d2@example.fi')`);
    await apply(erasureEvent({ requestId, email: 'd1@example.fi' }));
    await apply(erasureEvent({ requestId, email: 'd2@example.fi' }));
    expect(await dataSource.query(`SELECT sum(erased)::int AS n, count(*)::int AS events FROM erasures_applied WHERE request_id = $1`, [requestId])).toEqual([
      { n: 2, events: 2 },
    ]);
  });

  it('records nothing when the service’s SQL fails, so the retry erases for real', async () => {
    const failing = new (class extends PersonalDataErasureConsumer {
      protected readonly erasedRecords = 'row';
      protected async erase(): Promise<number> {
        throw new Error('deadlock');
      }
    })();
    const event = erasureEvent({ email: 'e@example.fi' });
    await expect(dataSource.transaction((tx) => failing.onErasureRequested(event, tx))).rejects.toThrow('deadlock');
    expect(await dataSource.query(`SELECT * FROM erasures_applied WHERE event_id = $1`, [event.id])).toEqual([]);
  });
});
