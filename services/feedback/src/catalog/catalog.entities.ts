import { Column, Entity, PrimaryColumn } from 'typeorm';

export type Localized = { fi: string; sv: string; en: string };

/** A department (toimiala / palvelualue): owns a queue of requests. */
@Entity('departments')
export class Department {
  @PrimaryColumn() code: string;
  @Column({ name: 'name_fi' }) nameFi: string;
  @Column({ name: 'name_sv' }) nameSv: string;
  @Column({ name: 'name_en' }) nameEn: string;
  @Column() active: boolean;
}

@Entity('districts')
export class District {
  @PrimaryColumn() code: string;
  @Column({ name: 'name_fi' }) nameFi: string;
  @Column({ name: 'name_sv' }) nameSv: string;
  @Column({ name: 'name_en' }) nameEn: string;
}

/** A category routes a request to its department and sets its service level. */
@Entity('categories')
export class Category {
  @PrimaryColumn() code: string;
  @Column({ name: 'department_code' }) departmentCode: string;
  @Column({ name: 'name_fi' }) nameFi: string;
  @Column({ name: 'name_sv' }) nameSv: string;
  @Column({ name: 'name_en' }) nameEn: string;
  @Column({ name: 'description_fi' }) descriptionFi: string;
  @Column({ name: 'description_sv' }) descriptionSv: string;
  @Column({ name: 'description_en' }) descriptionEn: string;
  @Column({ name: 'group_name' }) groupName: string;
  @Column() keywords: string;
  @Column({ name: 'service_level_days', type: 'int' }) serviceLevelDays: number;
  @Column() active: boolean;
}

export function localizedName(row: { nameFi: string; nameSv: string; nameEn: string }, lang: string): string {
  return lang === 'sv' ? row.nameSv : lang === 'en' ? row.nameEn : row.nameFi;
}
