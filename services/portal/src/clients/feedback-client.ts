import { FeedbackHttp } from '@vaikuta/contracts';
import { ExpiringCache } from './expiring-cache';
import { CallOptions, queryString, ServiceClient } from './service-client';

/** The feedback service (palautepalvelu). */
export class FeedbackClient extends ServiceClient {
  private readonly catalogs = new ExpiringCache<Catalog>(30_000, 10);
  private readonly publicLists = new ExpiringCache<FeedbackHttp.PublicRequestPage>(2_000);

  /**
   * Categories, departments and districts in a language, for forms and filters. Kept for
   * 30 seconds: every page needs them and they change a few times a year.
   */
  catalog(lang: string): Promise<Catalog> {
    return this.catalogs.get(lang, () => this.loadCatalog(lang));
  }

  /**
   * A page of published feedback. Kept for 2 seconds: the public list is the same for every
   * visitor and the busiest page, and a newly published report may appear 2 s later.
   */
  publicRequests(query: NonNullable<CallOptions['query']>): Promise<FeedbackHttp.PublicRequestPage> {
    return this.publicLists.get(queryString(query), () => this.read(FeedbackHttp.publicRequestPage, '/feedback/public/requests', { query }));
  }

  /** After an admin change, so the admin sees it at once. */
  forgetCatalog(): void {
    this.catalogs.clear();
  }

  private async loadCatalog(lang: string): Promise<Catalog> {
    const [categories, departments, districts] = await Promise.all(
      ['categories', 'departments', 'districts'].map((what) => this.read(FeedbackHttp.catalogList, `/feedback/${what}`, { query: { lang } })),
    );
    return { categories: categories.items, departments: departments.items, districts: districts.items };
  }
}

export interface Catalog {
  categories: CatalogItem[];
  departments: CatalogItem[];
  districts: CatalogItem[];
}

export type CatalogItem = FeedbackHttp.CatalogItem;

/** A canned response as the feedback service gives it: texts in fi/sv/en. */
export type CannedResponse = FeedbackHttp.CannedResponse;
