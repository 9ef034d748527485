import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Co-signers of a resident's or an advocacy body's paper initiative were recorded with their
 * names public (before b52951c), so the public page named private persons merely for having
 * signed. Only council members sign in a public role; everyone else's name becomes private.
 */
export class PrivatePaperCoSigners1770000000100 implements MigrationInterface {
  name = 'PrivatePaperCoSigners1770000000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE initiative_initiators p SET name_public = false
        FROM initiatives i
       WHERE i.id = p.initiative_id AND p.role = 'co_signer' AND p.name_public AND i.type <> 'council_member'`);
  }

  async down(): Promise<void> {
    // Nothing to undo: which names had been public by mistake is not kept, and must not come back.
  }
}
