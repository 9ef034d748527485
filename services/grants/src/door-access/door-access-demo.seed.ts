import { INestApplicationContext } from '@nestjs/common';
import { DoorAccessService } from './door-access.service';

/**
 * Door codes for the demo's confirmed door-code bookings (Aino's hall booking and those made
 * for others), from the lock stand-in `npm start` runs. The stand-in forgets its codes when it
 * stops, so every start asks it again. A lock that does not answer leaves the codes pending;
 * the seed still succeeds.
 */
export async function seedDemoDoorCodes(app: INestApplicationContext): Promise<string> {
  const { issued, pending } = await app.get(DoorAccessService).reconcile();
  return `door codes: ${issued} at the lock${pending ? `, ${pending} pending (lock not answering)` : ''}`;
}
