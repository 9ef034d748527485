import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `erased_identities`: for each sign-in subject, email and phone an erasure request named, a
 * keyed digest of it (never the value) and the time of the request. An event published before
 * that time but applied after the erasure (streams are not ordered with each other) must not
 * make the person a recipient again; see ErasedIdentities. Rows older than the streams keep
 * events are dropped as new requests come in.
 */
export class ErasedIdentities1770000000100 implements MigrationInterface {
  name = 'ErasedIdentities1770000000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE erased_identities (
        identity text PRIMARY KEY,
        erased_before timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE erased_identities`);
  }
}
