export { cloudEventEnvelope, type CloudEvent } from './cloud-event';
export { defineEvent, type EventDefinition, type EventData } from './event-definition';
export { EventCatalogue, EventContractError } from './event-catalogue';
export { Streams, type StreamDefinition } from './streams';
export { language, consentedContact, type Language } from './events/common';
export { FeedbackEvents, feedbackStatus } from './events/feedback.events';
export { InitiativeEvents } from './events/initiatives.events';
export { BudgetingEvents } from './events/budgeting.events';
export { GrantEvents } from './events/grants.events';
