import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { actor, isoTime } from './common';

const STREAM = 'INITIATIVES';
const initiativeRef = { initiativeId: z.uuid(), title: z.string().min(1) };

/** Named now so the notification service can subscribe when the initiatives service lands. */
export const InitiativeEvents = {
  filed: defineEvent({
    type: 'fi.vaikuta.initiatives.filed.v1',
    subject: 'initiatives.initiative.filed',
    stream: STREAM,
    description: 'An initiative was filed or imported from kuntalaisaloite.fi.',
    schema: z.object({
      ...initiativeRef,
      initiativeType: z.enum(['resident', 'council_member', 'advocacy_body']),
      filedAt: isoTime,
      supportCount: z.number().int().nonnegative().optional(),
    }),
  }),
  statusChanged: defineEvent({
    type: 'fi.vaikuta.initiatives.status_changed.v1',
    subject: 'initiatives.initiative.status_changed',
    stream: STREAM,
    description: 'An initiative moved in its life cycle; initiators and followers are told.',
    schema: z.object({ ...initiativeRef, from: z.string(), to: z.string(), by: actor, changedAt: isoTime }),
  }),
  decided: defineEvent({
    type: 'fi.vaikuta.initiatives.decided.v1',
    subject: 'initiatives.initiative.decided',
    stream: STREAM,
    description: 'A body decided on the initiative.',
    schema: z.object({
      ...initiativeRef,
      body: z.string().min(1),
      decision: z.string().min(1),
      decidedAt: isoTime,
    }),
  }),
  measuresRecorded: defineEvent({
    type: 'fi.vaikuta.initiatives.measures_recorded.v1',
    subject: 'initiatives.initiative.measures_recorded',
    stream: STREAM,
    description: 'The measures taken on an initiative were recorded (kuntalaki § 23).',
    schema: z.object({ ...initiativeRef, measures: z.string().min(1), recordedAt: isoTime }),
  }),
} as const;
