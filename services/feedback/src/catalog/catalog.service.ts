import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Category, Department, District, localizedName } from './catalog.entities';

/** Departments, categories and districts: what a request can be about and who handles it. */
@Injectable()
export class CatalogService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async categories(lang: string, { includeInactive = false } = {}) {
    const rows = await this.dataSource.getRepository(Category).find({
      where: includeInactive ? {} : { active: true },
      order: { groupName: 'ASC', code: 'ASC' },
    });
    return rows.map((c) => ({
      code: c.code,
      name: localizedName(c, lang),
      description: lang === 'sv' ? c.descriptionSv : lang === 'en' ? c.descriptionEn : c.descriptionFi,
      group: c.groupName,
      keywords: c.keywords,
      departmentCode: c.departmentCode,
      serviceLevelDays: c.serviceLevelDays,
      active: c.active,
    }));
  }

  async departments(lang: string) {
    const rows = await this.dataSource.getRepository(Department).find({ order: { code: 'ASC' } });
    return rows.map((d) => ({ code: d.code, name: localizedName(d, lang), active: d.active }));
  }

  async districts(lang: string) {
    const rows = await this.dataSource.getRepository(District).find({ order: { code: 'ASC' } });
    return rows.map((d) => ({ code: d.code, name: localizedName(d, lang) }));
  }

  async departmentExists(code: string): Promise<boolean> {
    return this.dataSource.getRepository(Department).existsBy({ code, active: true });
  }
}
