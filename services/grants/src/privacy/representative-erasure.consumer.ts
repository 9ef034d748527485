import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ErasureSubject, PersonalDataErasureConsumer } from '@vaikuta/domain';
import { ERASED_PERSON } from './erased-person';

/**
 * A person's right to erasure (privacy.erasure_requested) in grants and premises. The service
 * knows people only by sign-in subject (contacts are the association's own), so a request
 * naming only an email or phone erases nothing here.
 *
 * The rule (docs/adr/0018): what is the person's goes — their place and name among an
 * association's representatives, their calendar feed, the purpose of a private booking — and
 * what the city must keep stays without them: an association's applications, grant decisions,
 * messages, attachments, bookings and season applications keep their content, their
 * sign-in columns become `erased`. The person's own audit entries become `anonymous`, and
 * entries naming them as the representative added or removed lose the subject.
 */
@Injectable()
export class RepresentativeErasureConsumer extends PersonalDataErasureConsumer {
  protected readonly erasedRecords = 'representative, application, booking or season application';

  protected async erase(subject: ErasureSubject, tx: EntityManager): Promise<number> {
    const sub = subject.subjectId;
    if (!sub) return 0;
    let erased = 0;
    // TypeORM answers an UPDATE or DELETE with [rows, affected].
    const run = async (sql: string, params: unknown[]) => {
      const [, affected]: [unknown[], number] = await tx.query(sql, params);
      return affected;
    };
    erased += await run(`DELETE FROM association_representatives WHERE sub = $1 RETURNING association_id`, [sub]);
    erased += await run(`UPDATE grant_applications SET created_by = $2 WHERE created_by = $1 RETURNING id`, [sub, ERASED_PERSON]);
    await run(`UPDATE grant_application_messages SET written_by = $2 WHERE written_by = $1 AND side = 'applicant' RETURNING id`, [sub, ERASED_PERSON]);
    await run(`UPDATE grant_application_attachments SET uploaded_by = $2 WHERE uploaded_by = $1 RETURNING id`, [sub, ERASED_PERSON]);
    await run(`UPDATE associations SET created_by = $2 WHERE created_by = $1 RETURNING id`, [sub, ERASED_PERSON]);
    erased += await run(
      `UPDATE bookings SET booker_sub = $2, booked_by = CASE WHEN booked_by = $1 THEN $2 ELSE booked_by END,
              purpose = CASE WHEN association_id IS NULL THEN NULL ELSE purpose END
        WHERE booker_sub = $1 RETURNING id`,
      [sub, ERASED_PERSON],
    );
    await run(`UPDATE bookings SET booked_by = $2 WHERE booked_by = $1 RETURNING id`, [sub, ERASED_PERSON]);
    erased += await run(`UPDATE season_applications SET applicant_sub = $2 WHERE applicant_sub = $1 RETURNING id`, [sub, ERASED_PERSON]);
    erased += await run(`DELETE FROM calendar_tokens WHERE sub = $1 RETURNING sub`, [sub]);
    for (const audit of ['association_audit', 'season_audit']) {
      await run(`UPDATE ${audit} SET actor_id = 'anonymous' WHERE actor_id = $1 RETURNING id`, [sub]);
      await run(`UPDATE ${audit} SET details = jsonb_set(details, '{sub}', to_jsonb($2::text)) WHERE details->>'sub' = $1 RETURNING id`, [sub, ERASED_PERSON]);
    }
    return erased;
  }
}
