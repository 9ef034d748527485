import { DataSource } from 'typeorm';
import { createOpen311ApiKey } from '../open311/open311-api-keys.service';

/** The demo's Open311 client key, so a newcomer can POST a report at once. */
export async function seedDemoOpen311Key(dataSource: DataSource, key: string): Promise<string> {
  await createOpen311ApiKey(dataSource, { label: 'demo', createdBy: 'demo-seed', key });
  return key === 'demo-key' ? 'demo-key (OPEN311_DEMO_API_KEY)' : '(from OPEN311_DEMO_API_KEY)';
}
