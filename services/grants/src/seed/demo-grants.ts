import { INestApplicationContext } from '@nestjs/common';

/**
 * The demo city's associations, grant round, spaces and bookings. Idempotent: `seed-demo`
 * runs on every start. Each feature adds its part here as it lands.
 */
export async function seedDemoGrants(app: INestApplicationContext): Promise<string> {
  void app;
  return 'nothing to seed yet';
}
