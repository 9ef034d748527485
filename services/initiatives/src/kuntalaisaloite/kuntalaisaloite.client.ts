import { Inject, Injectable } from '@nestjs/common';
import { INITIATIVES_CONFIG, InitiativesConfig } from '../initiatives-config';
import { externalIdOf, KuntalaisaloiteDetail, kuntalaisaloiteDetail, KuntalaisaloiteListItem, kuntalaisaloiteList } from './kuntalaisaloite.schemas';

/** The API's largest page. */
export const PAGE_SIZE = 50;

export class KuntalaisaloiteError extends Error {}

export type DetailResult = { kind: 'public'; detail: KuntalaisaloiteDetail } | { kind: 'not_public' };

/** Reads the city's initiatives from kuntalaisaloite.fi (GET only, JSON). */
@Injectable()
export class KuntalaisaloiteClient {
  constructor(@Inject(INITIATIVES_CONFIG) private readonly config: InitiativesConfig) {}

  /** Every listed initiative of the municipality, page by page (offset/limit). */
  async *listAll(): AsyncGenerator<KuntalaisaloiteListItem> {
    for (let offset = 0; ; offset += PAGE_SIZE) {
      const url = `${this.config.kuntalaisaloite.apiUrl}/initiatives?municipality=${encodeURIComponent(this.config.city.municipalityCode)}&offset=${offset}&limit=${PAGE_SIZE}&orderBy=id`;
      const body = await this.getJson(url);
      const page = kuntalaisaloiteList.safeParse(body);
      if (!page.success) throw new KuntalaisaloiteError(`the list at offset ${offset} is not what kuntalaisaloite.fi sends`);
      yield* page.data;
      if (page.data.length < PAGE_SIZE) return;
    }
  }

  /** One initiative's detail; 403 means it is no longer public there. */
  async detail(listedId: string): Promise<DetailResult> {
    const url = `${this.config.kuntalaisaloite.apiUrl}/initiatives/${encodeURIComponent(externalIdOf(listedId))}`;
    const response = await this.fetch(url);
    if (response.status === 403) return { kind: 'not_public' };
    if (!response.ok) throw new KuntalaisaloiteError(`${url} answered ${response.status}`);
    const parsed = kuntalaisaloiteDetail.safeParse(await response.json().catch(() => null));
    if (!parsed.success) throw new KuntalaisaloiteError(`${url} is not an initiative`);
    return { kind: 'public', detail: parsed.data };
  }

  private async getJson(url: string): Promise<unknown> {
    const response = await this.fetch(url);
    if (!response.ok) throw new KuntalaisaloiteError(`${url} answered ${response.status}`);
    return response.json().catch(() => {
      throw new KuntalaisaloiteError(`${url} did not answer JSON`);
    });
  }

  private async fetch(url: string): Promise<Response> {
    try {
      return await fetch(url, { headers: { Accept: 'application/json', 'User-Agent': 'Vaikuta initiatives service' }, signal: AbortSignal.timeout(this.config.httpTimeoutMs) });
    } catch (error) {
      throw new KuntalaisaloiteError(`${url} could not be reached: ${(error as Error).message}`);
    }
  }
}
