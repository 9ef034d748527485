import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A migration class made at run time for a service's migrations array. TypeORM orders
 * migrations by the 13-digit timestamp that ends the name, so the name carries it.
 */
export function migrationClass(prefix: string, timestamp: number, up: string[], down: string[]): new () => MigrationInterface {
  if (!/^\d{13}$/.test(String(timestamp))) throw new Error(`${prefix}: the migration timestamp must have 13 digits`);
  const className = `${prefix}${timestamp}`;
  const migration = class implements MigrationInterface {
    name = className;

    async up(q: QueryRunner): Promise<void> {
      for (const statement of up) await q.query(statement);
    }

    async down(q: QueryRunner): Promise<void> {
      for (const statement of down) await q.query(statement);
    }
  };
  Object.defineProperty(migration, 'name', { value: className });
  return migration;
}
