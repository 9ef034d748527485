import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { PrivacyEvents } from '@vaikuta/contracts';
import { OutboxWriter } from '@vaikuta/messaging';
import { freeTextPattern, phoneForms } from './contact-patterns';

/**
 * Whom to erase: at least one of these. The email and phone must be proven to be the
 * person's — checked by staff against a written request, or verified by the identity
 * provider — since they are matched on everyone's requests and sent on to every service.
 */
export interface ErasureTarget {
  /** The identity provider's subject: what the person sent while signed in. */
  subjectId?: string;
  email?: string;
  phone?: string;
}

/** Who asked: an administrator acting on a written request, or the person themselves. */
export interface ErasureOrigin {
  channel: 'staff' | 'self';
  /** Written on each erased request's audit trail; never the erased person's own id. */
  actorId: string;
  actorRole: string;
}

export interface ErasureResult {
  requestId: string;
  erasedRequests: number;
}

interface Contact {
  email?: string;
  phone?: string;
}

/** Notes and other free text keep their sense with the contact cut out. */
const ERASED_TEXT = '[erased]';

/**
 * The right to erasure in the feedback service, and the request that carries it to every
 * other service. In one transaction: the requests that name the person lose their contact
 * details and their link to the person's sign-in (the case and its public content stay),
 * the person's email and phone are cut out of internal notes, the resident's audit entries
 * become anonymous, unsent and kept events lose their contact; an `erasure_requests` row
 * records that it was done (no personal data) and `privacy.erasure_requested` goes to the
 * outbox. Nothing personal is logged.
 */
@Injectable()
export class PersonalDataErasureService {
  private readonly logger = new Logger(PersonalDataErasureService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
  ) {}

  async erase(target: ErasureTarget, origin: ErasureOrigin): Promise<ErasureResult> {
    const requestId = randomUUID();
    const requestedAt = new Date();
    const erasedRequests = await this.dataSource.transaction(async (m) => {
      // Only the proven contacts are matched on others' and anonymous requests and sent on.
      // Whatever was typed on the person's own signed-in requests goes with those requests
      // (matched by subject) but is not looked for elsewhere: nothing says it is theirs.
      const named = distinctContacts([{ email: target.email, phone: target.phone }]);
      const erased = await this.eraseRequests(m, target.subjectId, named);
      const ids = erased.map((r) => r.id);
      if (ids.length) {
        if (target.subjectId) {
          await m.query(
            `UPDATE feedback_audit SET actor_id = 'anonymous' WHERE entity_id = ANY($1::uuid[]) AND actor_id = $2 AND actor_role = 'resident'`,
            [ids, target.subjectId],
          );
        }
        await this.eraseFromPendingEvents(m, ids);
        await m.query(
          `INSERT INTO feedback_audit (entity_id, actor_id, actor_role, action, details)
           SELECT id, $2, $3, 'contact_erased', $4 FROM unnest($1::uuid[]) AS id`,
          [ids, origin.actorId, origin.actorRole, JSON.stringify({ erasureRequestId: requestId })],
        );
      }
      // The proven contacts are cut out of every note; what an erased request carried (a phone
      // beside the email, an address typed while signed in) only out of that request's notes.
      await this.eraseFromNotes(m, named);
      await this.eraseFromNotes(m, erased, ids);
      await m.query(`INSERT INTO erasure_requests (request_id, channel, requested_at, erased_requests) VALUES ($1, $2, $3, $4)`, [
        requestId,
        origin.channel,
        requestedAt,
        ids.length,
      ]);
      for (const contact of eventContacts(target, named)) {
        await this.outbox.append(m, PrivacyEvents.erasureRequested, {
          requestId,
          ...(target.subjectId ? { subjectId: target.subjectId } : {}),
          ...contact,
          requestedAt: requestedAt.toISOString(),
        });
      }
      return ids.length;
    });
    // Only the request id and counts: whom it was about is exactly what must not be kept.
    this.logger.log(`erasure request ${requestId} (${origin.channel}): ${erasedRequests} feedback request(s) erased`);
    return { requestId, erasedRequests };
  }

  /**
   * Clears the contact columns (and the sign-in link) of every request naming the person;
   * returns each one's id with the contact it had.
   */
  private async eraseRequests(m: EntityManager, subjectId: string | undefined, named: Contact[]): Promise<({ id: string } & Contact)[]> {
    const bySubject = `($1::text IS NOT NULL AND channel = 'web' AND submitted_by = $1)`;
    const [rows]: [{ id: string; email: string | null; phone: string | null }[], number] = await m.query(
      `WITH matched AS (
         SELECT id, contact_email, contact_phone FROM feedback_requests
          WHERE ${bySubject} OR lower(contact_email) = ANY($2::text[]) OR contact_phone = ANY($3::text[])
          FOR UPDATE)
       UPDATE feedback_requests r
          SET contact_email = NULL, contact_phone = NULL, contact_consent = false,
              submitted_by = CASE WHEN ${bySubject} THEN NULL ELSE submitted_by END
         FROM matched WHERE r.id = matched.id
       RETURNING r.id, matched.contact_email AS email, matched.contact_phone AS phone`,
      [subjectId ?? null, emailsOf(named), phoneFormsOf(named)],
    );
    return rows.map((r) => ({ id: r.id, ...contactOf(r) }));
  }

  /**
   * Events still in the outbox carry the consented contact: unsent ones must not deliver it
   * after the erasure, and sent ones are kept a while for operators, so both lose it.
   */
  private async eraseFromPendingEvents(m: EntityManager, ids: string[]): Promise<void> {
    await m.query(
      `UPDATE outbox SET envelope = envelope #- '{data,contact}'
        WHERE envelope #> '{data,contact}' IS NOT NULL AND envelope #>> '{data,requestId}' = ANY($1::text[])`,
      [ids],
    );
  }

  /**
   * Internal notes are free text: staff may have written the email or number into any of
   * them. Only into the notes of `requestIds` when given.
   */
  private async eraseFromNotes(m: EntityManager, contacts: Contact[], requestIds?: string[]): Promise<void> {
    const pattern = freeTextPattern(emailsOf(contacts), phoneFormsOf(contacts));
    if (!pattern || requestIds?.length === 0) return;
    await m.query(
      `UPDATE feedback_messages SET body = regexp_replace(body, $1, $2, 'gi')
        WHERE visibility = 'internal' AND body ~* $1 AND ($3::uuid[] IS NULL OR request_id = ANY($3::uuid[]))`,
      [pattern, ERASED_TEXT, requestIds ?? null],
    );
  }
}

const contactOf = (r: { email: string | null; phone: string | null }): Contact => ({
  ...(r.email ? { email: r.email } : {}),
  ...(r.phone ? { phone: r.phone } : {}),
});
const emailsOf = (contacts: Contact[]) => [...new Set(contacts.flatMap((c) => (c.email ? [c.email.toLowerCase()] : [])))];
const phoneFormsOf = (contacts: Contact[]) => [...new Set(contacts.flatMap((c) => (c.phone ? phoneForms(c.phone) : [])))];

function distinctContacts(contacts: Contact[]): Contact[] {
  const seen = new Map<string, Contact>();
  for (const c of contacts) {
    if (!c.email && !c.phone) continue;
    const contact = { ...(c.email ? { email: c.email.toLowerCase() } : {}), ...(c.phone ? { phone: c.phone } : {}) };
    seen.set(`${contact.email ?? ''}|${contact.phone ?? ''}`, contact);
  }
  return [...seen.values()];
}

/**
 * One event for the proven contacts (a staff request and a token each name at most one email
 * and one phone); a subject alone makes one event too.
 */
function eventContacts(target: ErasureTarget, contacts: Contact[]): Contact[] {
  return contacts.length ? contacts : target.subjectId ? [{}] : [];
}
