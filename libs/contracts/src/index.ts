export { cloudEventEnvelope, type CloudEvent } from './cloud-event';
export { defineEvent, type EventDefinition, type EventData } from './event-definition';
export { EventCatalogue, EventContractError } from './event-catalogue';
export { Streams, type StreamDefinition } from './streams';
export { language, consentedContact, type Language } from './events/common';
export { FeedbackEvents, feedbackStatus, textExcerpt, EXCERPT_MAX_LENGTH } from './events/feedback.events';
export { InitiativeEvents } from './events/initiatives.events';
export { BudgetingEvents } from './events/budgeting.events';
export { GrantEvents } from './events/grants.events';
export { PremisesEvents, doorCodePurpose } from './events/premises.events';
export { PrivacyEvents } from './events/privacy.events';
export * as InitiativesHttp from './http/initiatives';
export type {
  InitiativeListItem,
  InitiativeListPage,
  InitiativeDetail,
  InitiativeStatus,
  InitiativeType,
  PreparerQueuePage,
  YearlyReport,
  ImportResult,
} from './http/initiatives';
export { deadLetter, deadLetterList, replayResult, type DeadLetter, type DeadLetterList, type ReplayResult } from './http/dead-letters';
export * as FeedbackHttp from './http/feedback';
export * as NotificationsHttp from './http/notifications';
export * as BudgetingHttp from './http/budgeting';
export * as GrantsHttp from './http/grants';
export * as PremisesHttp from './http/premises';
export * as PrivacyHttp from './http/privacy';
