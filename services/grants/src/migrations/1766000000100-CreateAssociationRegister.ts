import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The association register (yhdistysrekisteri as the city sees it) and who represents each
 * association. An association is identified by exactly one of: a business ID (Y-tunnus), a
 * registered-association number (yhdistysrekisterinumero), or nothing (an unregistered group).
 *
 * Personal data: `association_representatives` (a person's `sub`, optional display name and
 * role); shown only to the association's own representatives, grants officers and admins.
 * The association's own address and bank account belong to the association, not a person.
 */
export class CreateAssociationRegister1766000000100 implements MigrationInterface {
  name = 'CreateAssociationRegister1766000000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE associations (
        id uuid PRIMARY KEY,
        name jsonb NOT NULL,
        identification text NOT NULL CHECK (identification IN ('business_id', 'registered_association', 'unregistered_group')),
        business_id text UNIQUE,
        registration_number text UNIQUE,
        address jsonb,
        iban text,
        email text,
        version integer NOT NULL DEFAULT 1,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((identification = 'business_id') = (business_id IS NOT NULL)),
        CHECK ((identification = 'registered_association') = (registration_number IS NOT NULL))
      )`);
    await q.query(`
      CREATE TABLE association_representatives (
        association_id uuid NOT NULL REFERENCES associations (id) ON DELETE CASCADE,
        sub text NOT NULL,
        role text NOT NULL CHECK (role IN ('chair', 'secretary', 'treasurer', 'contact')),
        name text,
        added_by text NOT NULL,
        added_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (association_id, sub)
      )`);
    // "My associations" looks a person up by sub.
    await q.query(`CREATE INDEX association_representatives_sub ON association_representatives (sub)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE association_representatives`);
    await q.query(`DROP TABLE associations`);
  }
}
