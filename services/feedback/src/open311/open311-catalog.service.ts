import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Category } from '../catalog/catalog.entities';
import { CatalogService } from '../catalog/catalog.service';
import type { Language } from '../intake/feedback-request.entity';
import type { Open311Service, Open311ServiceDefinition } from './open311-documents';

/** Our categories as Open311 services: a category's code is its service_code. */
@Injectable()
export class Open311CatalogService {
  constructor(
    private readonly catalog: CatalogService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** Active categories only: a retired one can no longer be reported under. */
  async services(locale: Language): Promise<Open311Service[]> {
    const categories = await this.catalog.categories(locale);
    return categories.map((c) => ({
      service_code: c.code,
      service_name: c.name,
      description: c.description,
      // No category asks for extra attributes (as in Helsinki), so no definition is needed.
      metadata: false,
      type: 'realtime',
      keywords: c.keywords,
      group: c.group,
    }));
  }

  /** The definition of an active service: no attributes. Undefined for an unknown one. */
  async definition(code: string): Promise<Open311ServiceDefinition | undefined> {
    const exists = await this.dataSource.getRepository(Category).existsBy({ code, active: true });
    return exists ? { service_code: code, attributes: [] } : undefined;
  }
}
