import { defineCounter, defineHistogram } from '@vaikuta/observability';

export const notificationsSent = defineCounter<'channel'>({
  name: 'vaikuta_notifications_sent_total',
  help: 'Notifications delivered, by channel',
  labelNames: ['channel'],
});

export const notificationsFailed = defineCounter<'channel'>({
  name: 'vaikuta_notifications_failed_total',
  help: 'Notifications that failed permanently (bad address, attempts exhausted), by channel',
  labelNames: ['channel'],
});

export const deliveryRetries = defineCounter<'channel'>({
  name: 'vaikuta_notification_retries_total',
  help: 'Delivery attempts that failed and will be retried, by channel',
  labelNames: ['channel'],
});

export const eventToDeliverySeconds = defineHistogram<'channel'>({
  name: 'vaikuta_notification_event_to_delivery_seconds',
  help: 'From the event (its commit in the producing service) to the provider accepting the message',
  labelNames: ['channel'],
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 15, 60, 300, 3600],
});

export const reconciledNotifications = defineCounter({
  name: 'vaikuta_notifications_reconciled_total',
  help: 'Pending notifications the reconciler enqueued again (lost jobs, Redis restarts)',
});
