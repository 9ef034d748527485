import { INestApplicationContext } from '@nestjs/common';
import { seedDemoRegisterAndRounds } from '../associations/demo-associations';

/**
 * The demo city's associations, grant round, spaces and bookings. Idempotent: `seed-demo`
 * runs on every start. Each feature adds its part here as it lands.
 */
export async function seedDemoGrants(app: INestApplicationContext): Promise<string> {
  const register = await seedDemoRegisterAndRounds(app);
  return register.summary;
}
