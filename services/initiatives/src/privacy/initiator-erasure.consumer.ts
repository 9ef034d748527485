import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ErasureSubject, PersonalDataErasureConsumer } from '@vaikuta/domain';

/**
 * A person's right to erasure (privacy.erasure_requested): their name, email and sign-in are
 * removed from every initiative they initiated or signed, and their supports' sign-ins are
 * deleted. The initiatives stay — they are the city's public record — and so do their counts:
 * an initiator without a name is counted as one, as a private author on kuntalaisaloite.fi.
 * The handling, its record and the log line are the shared erasure consumer's (libs/domain).
 */
@Injectable()
export class InitiatorErasureConsumer extends PersonalDataErasureConsumer {
  protected readonly erasedRecords = 'initiator or support';

  protected async erase(subject: ErasureSubject, tx: EntityManager): Promise<number> {
    const sub = subject.subjectId ?? null;
    const email = subject.email?.toLowerCase() ?? null;
    // TypeORM answers an UPDATE or DELETE with [rows, affected].
    const [, initiators]: [unknown[], number] = await tx.query(
      `UPDATE initiative_initiators SET name = NULL, name_public = false, email = NULL, user_sub = NULL
        WHERE ($1::text IS NOT NULL AND user_sub = $1) OR ($2::text IS NOT NULL AND lower(email) = $2)
        RETURNING id`,
      [sub, email],
    );
    const [, supports]: [unknown[], number] = sub
      ? await tx.query(`DELETE FROM initiative_supports WHERE supporter_sub = $1 RETURNING initiative_id`, [sub])
      : [[], 0];
    return initiators + supports;
  }
}
