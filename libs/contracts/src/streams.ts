/**
 * One stream per producing service, each holding that service's subjects.
 * Retention is bounded: consumers keep their own state, the stream is a buffer.
 */
export interface StreamDefinition {
  name: string;
  subjects: string[];
  description: string;
}

export const Streams: Record<string, StreamDefinition> = {
  FEEDBACK: { name: 'FEEDBACK', subjects: ['feedback.>'], description: 'Feedback service events' },
  INITIATIVES: { name: 'INITIATIVES', subjects: ['initiatives.>'], description: 'Initiatives service events' },
  BUDGETING: { name: 'BUDGETING', subjects: ['budgeting.>'], description: 'Participatory budgeting events' },
  GRANTS: { name: 'GRANTS', subjects: ['grants.>'], description: 'Grants and premises booking events' },
  PRIVACY: { name: 'PRIVACY', subjects: ['privacy.>'], description: 'Requests about personal data that every holder acts on' },
};
