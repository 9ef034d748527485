import type { Language } from '@vaikuta/contracts';
import type { Channel } from '../rules/notification-rules';

export type DigestFrequency = 'immediate' | 'daily' | 'weekly';

/** One person we may tell things: a signed-in resident, or a contact from consented feedback. */
export interface Recipient {
  id: string;
  kind: 'person' | 'contact';
  email: string | null;
  phone: string | null;
  language: Language;
  channels: Channel[];
  digest: DigestFrequency;
}

export const RECIPIENT_COLUMNS = `r.id, r.kind, r.email, r.phone, r.language, r.channels, r.digest`;

/** The channels a recipient can actually be reached on now. */
export function reachableChannels(r: Pick<Recipient, 'channels' | 'email' | 'phone' | 'kind'>): Channel[] {
  return r.channels.filter((c) => (c === 'email' ? !!r.email : c === 'sms' ? !!r.phone : r.kind === 'person'));
}
