import { Inject, Injectable } from '@nestjs/common';
import { INITIATIVES_CONFIG, InitiativesConfig } from '../initiatives-config';
import { ahjoCase, AhjoCase, ahjoDecision, AhjoDecision } from './ahjo.schemas';

export class AhjoError extends Error {}

/** Reads cases and decisions from Ahjo's REST API (AHJO_API_URL). */
@Injectable()
export class AhjoClient {
  constructor(@Inject(INITIATIVES_CONFIG) private readonly config: InitiativesConfig) {}

  async decision(nativeId: string): Promise<AhjoDecision | null> {
    const body = await this.get(`decisions/${encodeURIComponent(nativeId)}`);
    if (body === null) return null;
    // The single-decision resource answers the object, or {decisions: [it]} as lists do.
    const candidate = (body as { decisions?: unknown[] }).decisions?.[0] ?? body;
    const parsed = ahjoDecision.safeParse(candidate);
    if (!parsed.success) throw new AhjoError(`decision ${nativeId} is not what Ahjo sends`);
    return parsed.data;
  }

  async case(caseId: string): Promise<AhjoCase | null> {
    const body = await this.get(`cases/${encodeURIComponent(caseId.replace(' ', '-'))}`);
    if (body === null) return null;
    const parsed = ahjoCase.safeParse(body);
    if (!parsed.success) throw new AhjoError(`case ${caseId} is not what Ahjo sends`);
    return parsed.data;
  }

  private async get(path: string): Promise<unknown> {
    const url = `${this.config.ahjo.apiUrl}/${path}`;
    let response: Response;
    try {
      response = await fetch(url, { headers: { Accept: 'application/json' }, signal: AbortSignal.timeout(this.config.httpTimeoutMs) });
    } catch (error) {
      throw new AhjoError(`${url} could not be reached: ${(error as Error).message}`);
    }
    if (response.status === 404) return null;
    if (!response.ok) throw new AhjoError(`${url} answered ${response.status}`);
    return response.json().catch(() => {
      throw new AhjoError(`${url} did not answer JSON`);
    });
  }
}
