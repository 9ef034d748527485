import { Injectable } from '@nestjs/common';
import { PrivacyHttp } from '@vaikuta/contracts';
import { ServiceClient } from '../clients/service-client';
import { ServiceClients } from '../clients/service-clients';
import { ServiceProblem } from '../clients/service-problem';

/**
 * Route prefixes a registered service answers besides its own name: the grants service also
 * serves premises booking (ADR 0013), with a section of its own.
 */
const MORE_PREFIXES: Record<string, string[]> = { grants: ['premises'] };

/** A slow service must not hold the whole download: it is named as missing instead. */
const SECTION_TIMEOUT_MS = 8000;

/**
 * A person's data export (GDPR Art. 15) in one file: every service registered in
 * deploy/services.json is asked, with the person's own token, for its section at
 * `/<prefix>/privacy/my-data`, all at once. A service that does not answer, answers an error
 * or answers outside the contract is listed in `missing` with the reason, for the caller to
 * refuse the file rather than give an incomplete one as if complete (docs/adr/0018). A 401 or
 * 403 is about the sign-in, not the service: it is thrown, so the person signs in again.
 */
@Injectable()
export class PersonalDataGatherer {
  constructor(private readonly services: ServiceClients) {}

  /** The signed-in person's own data, with their token. */
  mine(subject: string, token: string): Promise<PrivacyHttp.PersonalDataExport> {
    return this.gather(subject, token, (prefix) => `/${prefix}/privacy/my-data`);
  }

  /** A sign-in subject's data for a written request, with an admin's token (by subject only: no identity code). */
  ofSubject(subject: string, adminToken: string): Promise<PrivacyHttp.PersonalDataExport> {
    return this.gather(subject, adminToken, (prefix) => `/${prefix}/privacy/admin/subjects/${encodeURIComponent(subject)}/data`);
  }

  private async gather(subject: string, token: string, pathOf: (prefix: string) => string): Promise<PrivacyHttp.PersonalDataExport> {
    const now = new Date();
    const asks = this.services.registered().flatMap((client) => [client.service, ...(MORE_PREFIXES[client.service] ?? [])].map((prefix) => ({ client, prefix })));
    const answers = await Promise.all(asks.map(({ client, prefix }) => this.section(client, prefix, pathOf(prefix), token)));
    return {
      subject,
      generatedAt: now.toISOString(),
      sections: answers.flatMap((a) => ('section' in a ? [a.section] : [])),
      missing: answers.flatMap((a) => ('missing' in a ? [a.missing] : [])),
    };
  }

  private async section(
    client: ServiceClient,
    prefix: string,
    path: string,
    token: string,
  ): Promise<{ section: PrivacyHttp.PersonalDataSection } | { missing: PrivacyHttp.MissingSection }> {
    try {
      return { section: await client.read(PrivacyHttp.personalDataSection, path, { token, timeoutMs: SECTION_TIMEOUT_MS }) };
    } catch (error) {
      if (error instanceof ServiceProblem && (error.status === 401 || error.status === 403)) throw error;
      return { missing: { service: prefix, reason: reasonOf(error) } };
    }
  }
}

function reasonOf(error: unknown): string {
  if (!(error instanceof ServiceProblem)) return 'the portal could not read its answer';
  if (error.status === 503) return 'did not answer';
  if (error.status === 502) return error.problem.detail ?? 'answered outside its contract';
  return `answered ${error.status}`;
}
