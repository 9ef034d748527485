import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DeliveryReconciler } from './delivery/delivery-reconciler';
import { DeliveryWorkers } from './delivery/delivery-workers';
import { DigestScheduler } from './digests/digest-scheduler';

export const WORKER_OPTIONS = Symbol('WORKER_OPTIONS');

/** Which background parts run in this process; the HTTP API runs in every process. */
export interface NotificationsWorkerOptions {
  /** The JetStream consumer that turns events into notification rows. */
  consumers?: boolean;
  /** BullMQ workers that send email and SMS. */
  delivery?: boolean;
  /** Re-enqueues rows left pending. */
  reconciler?: boolean;
  /** Digest job schedulers and their worker. */
  digests?: boolean;
}

/** Starts the delivery workers, the reconciler and the digest schedulers; stops them first on shutdown. */
@Injectable()
export class NotificationsWorkers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(WORKER_OPTIONS) private readonly options: Required<NotificationsWorkerOptions>,
    private readonly delivery: DeliveryWorkers,
    private readonly reconciler: DeliveryReconciler,
    private readonly digests: DigestScheduler,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.delivery) this.delivery.start();
    if (this.options.reconciler) this.reconciler.start();
    if (this.options.digests) await this.digests.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.reconciler.stop();
    await this.digests.stop();
    await this.delivery.stop();
  }
}
