import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { ContactInput } from '../rules/notification-rules';
import { contactKey, normalizeEmail, normalizePhone } from './contact-normalization';
import { Preferences } from './preferences.schema';

export interface PreferencesView extends Preferences {
  email: string | null;
  phone: string | null;
}

/** Recipients: contacts from consented participation, and signed-in people with preferences. */
@Injectable()
export class RecipientService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The recipient for a consented contact, created on first sight. Their language follows
   * their latest participation; an opt-out they made is never undone here.
   */
  async upsertContact(manager: EntityManager, contact: ContactInput): Promise<string | undefined> {
    const key = contactKey(contact);
    if (!key) return undefined;
    const email = contact.email ? normalizeEmail(contact.email) : null;
    const phone = contact.phone ? (normalizePhone(contact.phone) ?? null) : null;
    const channels = email ? ['email'] : ['sms'];
    const [row]: { id: string }[] = await manager.query(
      `INSERT INTO recipients (kind, contact_key, email, phone, language, channels)
       VALUES ('contact', $1, $2, $3, $4, $5)
       ON CONFLICT (contact_key) DO UPDATE SET
         language = EXCLUDED.language,
         phone = coalesce(recipients.phone, EXCLUDED.phone),
         updated_at = now()
       RETURNING id`,
      [key, email, phone, contact.language, channels],
    );
    return row.id;
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

  async preferences(subject: string, language?: string): Promise<PreferencesView> {
    const id = await this.ensurePerson(subject, language);
    const [r] = await this.dataSource.query(
      `SELECT language, channels, digest, opt_outs AS "optOuts", email, phone FROM recipients WHERE id = $1`,
      [id],
    );
    return r;
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
