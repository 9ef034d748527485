import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CloudEvent, EventData, PremisesEvents } from '@vaikuta/contracts';
import { EventConsumer, OnEvent } from '@vaikuta/messaging';
import { DoorAccessService } from './door-access.service';

/**
 * Booking events → the lock provider. Each event is applied once (the kit's inbox); a provider
 * that does not answer makes the event come back with growing delays (2 s doubling to 5 min)
 * and, after ten tries, a dead letter to replay at /grants/admin/dead-letters. In stream
 * order (concurrency 1), so a cancellation never overtakes its confirmation.
 */
@Injectable()
@EventConsumer({ name: 'grants-door-access', maxDeliver: 10, backoffMs: 2_000, maxBackoffMs: 300_000 })
export class DoorAccessConsumer {
  constructor(private readonly doorAccess: DoorAccessService) {}

  @OnEvent(PremisesEvents.bookingConfirmed)
  async confirmed(event: CloudEvent, m: EntityManager): Promise<void> {
    await this.doorAccess.issue(event.data as EventData<typeof PremisesEvents.bookingConfirmed>, m);
  }

  @OnEvent(PremisesEvents.bookingCancelled)
  async cancelled(event: CloudEvent, m: EntityManager): Promise<void> {
    await this.doorAccess.revoke(event.data as EventData<typeof PremisesEvents.bookingCancelled>, m);
  }
}
