import { randomUUID } from 'node:crypto';
import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { AuthUser } from '@vaikuta/auth';
import type { GrantsHttp } from '@vaikuta/contracts';
import { FileStorage } from '@vaikuta/persistence';
import { ValidationProblem } from '@vaikuta/http';
import { ApplicationReader } from './application-reader.service';
import { EDITABLE_STATES, REPORTING_STATES, StepRefused } from './application-state';
import { actorOf, ApplicationSteps } from './application-steps';
import { cleanFilename, inspectAttachment } from './attachment-inspector';

export const APPLICATION_FILES = Symbol('APPLICATION_FILES');

/** Keys this feature makes in the file storage. */
export const ATTACHMENT_KEY = /^[a-f0-9-]+\.(pdf|png|jpg)$/;

/** Besides the round's required attachments: anything else for the application, and the report's own. */
const OTHER = 'other';
const REPORT = 'report';

export interface UploadedFile {
  filename: string;
  bytes: Buffer;
}

/**
 * Attachments of an application: a draft's (each required one by its key, or `other`) and the
 * report's (`report`, once paid). The bytes go to the file storage first; the row and its
 * audit entry then commit under the application's lock, and a failed commit takes the
 * stored file away again. Only the association's representatives, officers and admins read them.
 */
@Injectable()
export class ApplicationAttachmentsService {
  constructor(
    private readonly steps: ApplicationSteps,
    private readonly reader: ApplicationReader,
    @Inject(APPLICATION_FILES) private readonly storage: FileStorage,
  ) {}

  private get repository() {
    return this.steps.repository;
  }

  async add(id: string, purpose: string, file: UploadedFile | undefined, user: AuthUser): Promise<GrantsHttp.AttachmentView> {
    if (!file) throw ValidationProblem.field('file', 'Attach one file');
    // The application is checked before the bytes are, so a stranger learns nothing from the answer.
    const before = await this.repository.summary(id);
    const mine = await this.reader.actingFor(user);
    if (!before || (mine && !mine.includes(before.associationId))) throw new NotFoundException(`No application ${id}`);
    const inspected = await inspectAttachment(file.bytes);
    const attachmentId = randomUUID();
    const key = `${randomUUID()}.${inspected.extension}`;
    const filename = cleanFilename(file.filename, inspected.extension);
    await this.storage.put(key, inspected.bytes, inspected.contentType);
    try {
      await this.repository.dataSource.transaction(async (tx) => {
        const a = await this.steps.changes.lock(tx, id);
        const round = (await this.repository.round(a.roundId, tx))!;
        if (purpose === REPORT) {
          if (!REPORTING_STATES.includes(a.state)) throw new StepRefused(a.state, 'attach', `The report's attachment comes after payment, not in state ${a.state}`);
        } else {
          if (!EDITABLE_STATES.includes(a.state)) throw new StepRefused(a.state, 'attach', `Attachments are added to a draft, not in state ${a.state}`);
          if (purpose !== OTHER && !round.requiredAttachments.some((r) => r.key === purpose)) {
            throw ValidationProblem.field('purpose', `One of ${[...round.requiredAttachments.map((r) => r.key), OTHER, REPORT].join(', ')}`);
          }
        }
        await this.repository.insertAttachment(tx, {
          id: attachmentId,
          applicationId: id,
          purpose,
          filename,
          contentType: inspected.contentType,
          bytes: inspected.bytes.length,
          storageKey: key,
          by: user.sub,
          at: this.steps.clock.now(),
        });
        await this.repository.auditLog.write(tx, { entityId: id, action: 'attachment_added', actor: actorOf(user, 'applicant'), details: { attachmentId, purpose, contentType: inspected.contentType, bytes: inspected.bytes.length } });
      });
    } catch (error) {
      await this.storage.delete(key).catch(() => undefined);
      throw error;
    }
    const row = (await this.repository.attachment(id, attachmentId))!;
    return { id: row.id, purpose: row.purpose, filename: row.filename, contentType: row.contentType, bytes: row.bytes, uploadedAt: new Date(row.uploadedAt).toISOString() };
  }

  /** Takes a draft's attachment away (a wrong file); the report's stays with the report. */
  async remove(id: string, attachmentId: string, user: AuthUser): Promise<void> {
    const mine = await this.reader.actingFor(user);
    const row = await this.repository.attachment(id, attachmentId);
    const application = row && (await this.repository.summary(id));
    if (!row || !application || (mine && !mine.includes(application.associationId))) throw new NotFoundException(`No attachment ${attachmentId}`);
    await this.repository.dataSource.transaction(async (tx) => {
      const a = await this.steps.changes.lock(tx, id);
      if (!EDITABLE_STATES.includes(a.state)) throw new StepRefused(a.state, 'detach', `Attachments are taken away from a draft only, not in state ${a.state}`);
      await this.repository.deleteAttachment(tx, attachmentId);
      await this.repository.auditLog.write(tx, { entityId: id, action: 'attachment_removed', actor: actorOf(user, 'applicant'), details: { attachmentId, purpose: row.purpose } });
    });
    // After the commit: a failed delete leaves an orphan file, never a row without its file.
    await this.storage.delete(row.storageKey).catch(() => undefined);
  }

  /** The file, for the association's representatives, officers and admins; anyone else gets 404. */
  async file(id: string, attachmentId: string, user: AuthUser): Promise<{ bytes: Buffer; contentType: string; filename: string }> {
    const row = await this.repository.attachment(id, attachmentId);
    const application = row && (await this.repository.summary(id));
    if (!row || !application || !(await this.reader.mayRead(user, application.associationId))) {
      throw new NotFoundException(`No attachment ${attachmentId}`);
    }
    const bytes = await this.storage.get(row.storageKey);
    if (!bytes) throw new NotFoundException(`No attachment ${attachmentId}`);
    return { bytes, contentType: row.contentType, filename: row.filename };
  }
}
