import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ValidationProblem } from '@vaikuta/http';
import { maskAddress } from '../delivery/address-mask';
import { Channel, CHANNELS, type ContactInput } from '../rules/notification-rules';
import { Recipient, RECIPIENT_COLUMNS } from './recipient';
import { contactKey, normalizeEmail, normalizePhone } from './contact-normalization';
import { LinkPreferencesInput, Preferences } from './preferences.schema';

export interface PreferencesView extends Preferences {
  email: string | null;
  phone: string | null;
}

export interface LinkPreferencesView extends PreferencesView {
  kind: 'person' | 'contact';
  unsubscribedAll: boolean;
  availableChannels: Channel[];
}

/** Recipients: contacts from consented participation, and signed-in people with preferences. */
@Injectable()
export class RecipientService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The recipients for consented contacts, created on first sight, by contact key. Their
   * language follows their latest participation (the last of the list); an opt-out they made
   * is never undone here.
   */
  async upsertContacts(manager: EntityManager, contacts: ContactInput[]): Promise<Map<string, string>> {
    const byKey = new Map<string, { email: string | null; phone: string | null; language: string }>();
    for (const contact of contacts) {
      const key = contactKey(contact);
      if (!key) continue;
      const phone = contact.phone ? (normalizePhone(contact.phone) ?? null) : null;
      // One row per key in the statement (ON CONFLICT may touch a row once); a phone once known is kept.
      byKey.set(key, { email: contact.email ? normalizeEmail(contact.email) : null, phone: byKey.get(key)?.phone ?? phone, language: contact.language });
    }
    if (byKey.size === 0) return new Map();
    // In key order, so concurrent batches lock the same rows in the same order.
    const keys = [...byKey.keys()].sort();
    const values = keys.map((k) => byKey.get(k)!);
    const rows: { id: string; contact_key: string }[] = await manager.query(
      `INSERT INTO recipients (kind, contact_key, email, phone, language, channels)
       SELECT 'contact', x.key, x.email, x.phone, x.language,
              CASE WHEN x.email IS NOT NULL THEN '{email}'::text[] ELSE '{sms}'::text[] END
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS x(key, email, phone, language)
       ON CONFLICT (contact_key) DO UPDATE SET
         language = EXCLUDED.language,
         phone = coalesce(recipients.phone, EXCLUDED.phone),
         updated_at = now()
       RETURNING id, contact_key`,
      [keys, values.map((v) => v.email), values.map((v) => v.phone), values.map((v) => v.language)],
    );
    return new Map(rows.map((r) => [r.contact_key, r.id]));
  }

  /** A signed-in person's recipient row, created with defaults (in-app only) on first use. */
  async ensurePerson(subject: string, language = 'fi', manager: EntityManager = this.dataSource.manager): Promise<string> {
    const [row]: { id: string }[] = await manager.query(
      `INSERT INTO recipients (kind, subject, language, channels) VALUES ('person', $1, $2, '{inapp}')
       ON CONFLICT (subject) DO UPDATE SET updated_at = recipients.updated_at
       RETURNING id`,
      [subject, ['fi', 'sv', 'en'].includes(language) ? language : 'fi'],
    );
    return row.id;
  }

  /**
   * Signed-in people by their `sub`, as a message addressed to them reaches them: created
   * with defaults (in-app only) if they never signed in here, so the message waits in their
   * inbox; those who stopped all messages are left out.
   */
  async addressees(manager: EntityManager, subjects: string[]): Promise<Map<string, Recipient & { optOuts: string[] }>> {
    if (subjects.length === 0) return new Map();
    const sorted = [...new Set(subjects)].sort(); // the same lock order in concurrent batches
    await manager.query(
      `INSERT INTO recipients (kind, subject, language, channels) SELECT 'person', s, 'fi', '{inapp}' FROM unnest($1::text[]) AS s
       ON CONFLICT (subject) DO NOTHING`,
      [sorted],
    );
    const rows: (Recipient & { optOuts: string[]; subject: string })[] = await manager.query(
      `SELECT r.subject, ${RECIPIENT_COLUMNS}, r.opt_outs AS "optOuts" FROM recipients r
        WHERE r.subject = ANY ($1::text[]) AND NOT r.unsubscribed_all`,
      [sorted],
    );
    return new Map(rows.map(({ subject, ...r }) => [subject, r]));
  }

  async preferences(subject: string, language?: string): Promise<PreferencesView> {
    const id = await this.ensurePerson(subject, language);
    const [r] = await this.dataSource.query(
      `SELECT language, channels, digest, opt_outs AS "optOuts", email, phone FROM recipients WHERE id = $1`,
      [id],
    );
    return r;
  }

  /**
   * A recipient's preferences as the signed link in a message shows them: the addresses
   * masked (the link may have been forwarded), what kind of recipient it is. Undefined once erased.
   */
  async linkPreferences(recipientId: string): Promise<LinkPreferencesView | undefined> {
    const [r] = await this.dataSource.query(
      `SELECT kind, language, channels, digest, opt_outs AS "optOuts", unsubscribed_all AS "unsubscribedAll", email, phone
         FROM recipients WHERE id = $1`,
      [recipientId],
    );
    if (!r) return undefined;
    const { email, phone, ...rest } = r;
    return {
      ...rest,
      email: maskAddress('email', email),
      phone: maskAddress('sms', phone),
      // What the form may offer: in-app only for people who sign in, the others where there is an address.
      availableChannels: CHANNELS.filter((c) => (c === 'inapp' ? r.kind === 'person' : c === 'email' ? !!email : !!phone)),
    };
  }

  /** Saves choices made through a message's link; a channel this recipient cannot be reached on is refused. */
  async updateLinkPreferences(recipientId: string, prefs: LinkPreferencesInput): Promise<LinkPreferencesView | undefined> {
    const current = await this.linkPreferences(recipientId);
    if (!current) return undefined;
    const unreachable = prefs.channels.find((c) => !current.availableChannels.includes(c));
    if (unreachable) throw ValidationProblem.field('channels', `You cannot get ${unreachable} messages here: no ${unreachable === 'inapp' ? 'sign-in' : unreachable === 'sms' ? 'phone number' : 'email address'} is known for you`);
    // Saving chosen channels is asking for messages again, as after a signed-in save.
    await this.dataSource.query(
      `UPDATE recipients SET language = $2, channels = $3, digest = $4, opt_outs = $5,
              unsubscribed_all = (cardinality($3::text[]) = 0), updated_at = now()
        WHERE id = $1`,
      [recipientId, prefs.language, prefs.channels, prefs.digest, prefs.optOuts],
    );
    return this.linkPreferences(recipientId);
  }

  async updatePreferences(subject: string, prefs: Preferences & { email?: string | null; phone?: string | null }): Promise<PreferencesView> {
    const id = await this.ensurePerson(subject, prefs.language);
    await this.dataSource.query(
      `UPDATE recipients SET language = $2, channels = $3, digest = $4, opt_outs = $5,
              email = $6, phone = $7, unsubscribed_all = false, updated_at = now()
        WHERE id = $1`,
      [id, prefs.language, prefs.channels, prefs.digest, prefs.optOuts, prefs.email ?? null, prefs.phone ?? null],
    );
    return this.preferences(subject);
  }
}
