import { INestApplicationContext } from '@nestjs/common';
import { seedDemoApplications } from '../applications/demo-applications';
import { seedDemoRegisterAndRounds } from '../associations/demo-associations';
import { seedDemoDoorCodes } from '../door-access/door-access-demo.seed';
import { seedDemoSeason } from '../seasons/season-demo.seed';
import { seedDemoPremises } from '../spaces/space-demo.seed';

/**
 * The demo city's associations, grant round, spaces and bookings. Idempotent: `seed-demo`
 * runs on every start. Each feature adds its part here as it lands.
 */
export async function seedDemoGrants(app: INestApplicationContext): Promise<string> {
  const register = await seedDemoRegisterAndRounds(app);
  const parts = [register.summary, await seedDemoPremises(app)];
  parts.push(await seedDemoDoorCodes(app));
  parts.push(await seedDemoSeason(app, register.applicants));
  if (register.projectRoundId) parts.push(await seedDemoApplications(app, register.projectRoundId, register.applicants));
  return parts.join('; ');
}
