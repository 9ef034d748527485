import { ServiceClient } from './service-client';

/** The feedback service (palautepalvelu), at FEEDBACK_URL. */
export class FeedbackClient extends ServiceClient {
  constructor(baseUrl: string) {
    super('feedback', baseUrl);
  }

  private readonly cache = new Map<string, { at: number; value: Promise<Catalog> }>();

  /**
   * Categories, departments and districts in a language, for forms and filters. Kept for
   * 30 seconds: every page needs them and they change a few times a year.
   */
  catalog(lang: string): Promise<Catalog> {
    const hit = this.cache.get(lang);
    if (hit && Date.now() - hit.at < 30_000) return hit.value;
    const value = this.loadCatalog(lang);
    this.cache.set(lang, { at: Date.now(), value });
    value.catch(() => this.cache.delete(lang));
    return value;
  }

  /** After an admin change, so the admin sees it at once. */
  forgetCatalog(): void {
    this.cache.clear();
  }

  private async loadCatalog(lang: string): Promise<Catalog> {
    const [categories, departments, districts] = await Promise.all(
      ['categories', 'departments', 'districts'].map((what) => this.get<{ items: CatalogItem[] }>(`/feedback/${what}`, { query: { lang } })),
    );
    return { categories: categories.items, departments: departments.items, districts: districts.items };
  }
}

export interface Catalog {
  categories: CatalogItem[];
  departments: CatalogItem[];
  districts: CatalogItem[];
}

export interface CatalogItem {
  code: string;
  name: string;
  active?: boolean;
  group?: string;
  description?: string;
  departmentCode?: string;
}

/** The notification service, at NOTIFICATIONS_URL. */
export class NotificationsClient extends ServiceClient {
  constructor(baseUrl: string) {
    super('notifications', baseUrl);
  }
}
