// The demo city's catalogue (departments, categories, districts) in a feedback database that a
// test started as a process of its own: libs/testing's service harness runs a service's
// test/test-seed.ts, when it has one, once the service answers (and so has migrated).
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { seedCatalog } from '../src/seed/demo-catalog';

async function main() {
  const dataSource = await new DataSource({ type: 'postgres', url: process.env.DATABASE_URL }).initialize();
  try {
    await seedCatalog(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error) => {
  console.error(`feedback demo catalogue seed failed: ${error?.stack ?? error}`);
  process.exit(1);
});
