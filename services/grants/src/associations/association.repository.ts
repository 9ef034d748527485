import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { GrantsHttp } from '@vaikuta/contracts';
import { AuditLog } from '@vaikuta/domain';
import { AssociationEntity } from './association.entity';

export interface RepresentativeRow {
  sub: string;
  role: GrantsHttp.RepresentativeRole;
  name: string | null;
  addedBy: string;
  addedAt: Date;
}

/** Every query of the association register, so services and controllers hold no SQL. */
@Injectable()
export class AssociationRepository {
  readonly auditLog = new AuditLog('association_audit');

  constructor(@InjectDataSource() readonly dataSource: DataSource) {}

  /**
   * Adds the association unless its business ID or registration number is already claimed by
   * a row that is not rejected (false then): the partial unique indexes decide, so two
   * registrations of one ID at the same moment give one row.
   */
  async insert(m: EntityManager, a: AssociationEntity): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `INSERT INTO associations (id, name, identification, business_id, registration_number, verification, address, iban, email, version, created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)
       ON CONFLICT DO NOTHING RETURNING id`,
      [a.id, a.name, a.identification, a.businessId, a.registrationNumber, a.verification, a.address, a.iban, a.email, a.version, a.createdBy, a.createdAt],
    );
    return rows.length === 1;
  }

  /** Adds a representative; false when the person already represents the association. */
  async addRepresentative(m: EntityManager, associationId: string, r: RepresentativeRow): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `INSERT INTO association_representatives (association_id, sub, role, name, added_by, added_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING sub`,
      [associationId, r.sub, r.role, r.name, r.addedBy, r.addedAt],
    );
    return rows.length === 1;
  }

  /** The removed row, or null when the person was not a representative. */
  async removeRepresentative(m: EntityManager, associationId: string, sub: string): Promise<{ role: GrantsHttp.RepresentativeRole } | null> {
    const [rows] = (await m.query(`DELETE FROM association_representatives WHERE association_id = $1 AND sub = $2 RETURNING role`, [associationId, sub])) as [
      { role: GrantsHttp.RepresentativeRole }[],
      number,
    ];
    return rows[0] ?? null;
  }

  async countRepresentatives(m: EntityManager, associationId: string): Promise<number> {
    const [{ count }] = await m.query(`SELECT count(*)::int AS count FROM association_representatives WHERE association_id = $1`, [associationId]);
    return count;
  }

  async isRepresentative(m: EntityManager, associationId: string, sub: string): Promise<boolean> {
    const rows: unknown[] = await m.query(`SELECT 1 FROM association_representatives WHERE association_id = $1 AND sub = $2`, [associationId, sub]);
    return rows.length > 0;
  }

  async find(id: string, m: EntityManager = this.dataSource.manager): Promise<AssociationEntity | null> {
    return m.getRepository(AssociationEntity).findOneBy({ id });
  }

  /** The standing claim to a business ID (a rejected one does not count). */
  async findByBusinessId(businessId: string, m: EntityManager = this.dataSource.manager): Promise<AssociationEntity | null> {
    return m.getRepository(AssociationEntity).createQueryBuilder('a').where('a.business_id = :businessId', { businessId }).andWhere(`a.verification <> 'rejected'`).getOne();
  }

  /** The standing claim (verified or pending) to a registration number or business ID, to say why a registration was refused. */
  async claimOf(identity: { businessId: string | null; registrationNumber: string | null }, m: EntityManager): Promise<AssociationEntity | null> {
    const q = m.getRepository(AssociationEntity).createQueryBuilder('a').where(`a.verification <> 'rejected'`);
    if (identity.businessId) q.andWhere('a.business_id = :b', { b: identity.businessId });
    else if (identity.registrationNumber) q.andWhere('a.registration_number = :r', { r: identity.registrationNumber });
    else return null;
    return q.getOne();
  }

  /** Representatives, chair first, then by when they were added. */
  async representatives(id: string, m: EntityManager = this.dataSource.manager): Promise<RepresentativeRow[]> {
    const rows: { sub: string; role: GrantsHttp.RepresentativeRole; name: string | null; added_by: string; added_at: Date }[] = await m.query(
      `SELECT sub, role, name, added_by, added_at FROM association_representatives WHERE association_id = $1
        ORDER BY array_position(ARRAY['chair', 'secretary', 'treasurer', 'contact'], role), added_at, sub`,
      [id],
    );
    return rows.map((r) => ({ sub: r.sub, role: r.role, name: r.name, addedBy: r.added_by, addedAt: r.added_at }));
  }

  /** The associations a person acts for: as a representative, or by a mandate for the business ID. */
  async actingFor(sub: string, businessIds: readonly string[], m: EntityManager = this.dataSource.manager): Promise<AssociationEntity[]> {
    return m
      .getRepository(AssociationEntity)
      .createQueryBuilder('a')
      .where(`a.id IN (SELECT association_id FROM association_representatives WHERE sub = :sub)`, { sub })
      .orWhere(`a.business_id = ANY(:businessIds)`, { businessIds: [...businessIds] })
      .orderBy(`a.name->>'fi'`)
      .getMany();
  }

  /** The register for officers, by name; `search` matches a name in either language, or the start of a business ID or registration number. */
  async all(search?: string, verification?: GrantsHttp.AssociationVerification, m: EntityManager = this.dataSource.manager): Promise<AssociationEntity[]> {
    const q = m.getRepository(AssociationEntity).createQueryBuilder('a').where('true');
    if (verification) q.andWhere('a.verification = :verification', { verification });
    if (search) {
      // The caller's text is matched as text: LIKE's own wildcards in it are escaped.
      const literal = search.replace(/[\\%_]/g, (c) => `\\${c}`);
      q.andWhere(`(a.name->>'fi' ILIKE :contains OR a.name->>'sv' ILIKE :contains OR a.business_id LIKE :prefix OR a.registration_number LIKE :prefix)`, {
        contains: `%${literal}%`,
        prefix: `${literal}%`,
      });
    }
    return q.orderBy(`a.name->>'fi'`).addOrderBy('a.id').getMany();
  }

  /**
   * The public register: verified registered associations only (business ID or registration
   * number), since an unregistered group's name may be a private person's ("Matti's Tuesday
   * runners") and an unverified claim is not the city's word that the association is theirs.
   */
  async registered(m: EntityManager = this.dataSource.manager): Promise<AssociationEntity[]> {
    return m
      .getRepository(AssociationEntity)
      .createQueryBuilder('a')
      .where(`a.identification <> 'unregistered_group'`)
      .andWhere(`a.verification = 'verified'`)
      .orderBy(`a.name->>'fi'`)
      .addOrderBy('a.id')
      .getMany();
  }
}
