import { FeedbackRequest } from '../intake/feedback-request.entity';

/**
 * The part every feedback event carries. The contact goes along only when the sender
 * consented to be contacted — the notification service needs it to tell the outcome.
 */
export function requestEventRef(request: FeedbackRequest) {
  const contact =
    request.contactConsent && (request.contactEmail || request.contactPhone)
      ? {
          ...(request.contactEmail ? { email: request.contactEmail } : {}),
          ...(request.contactPhone ? { phone: request.contactPhone } : {}),
          language: request.language,
        }
      : undefined;
  return {
    requestId: request.id,
    trackingCode: request.trackingCode,
    departmentCode: request.departmentCode,
    categoryCode: request.categoryCode,
    language: request.language,
    ...(contact ? { contact } : {}),
  };
}
