import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '@vaikuta/auth';
import { AssociationAccess, associationAccess, mayActFor } from './association-access';
import type { AssociationEntity } from './association.entity';
import { AssociationRepository } from './association.repository';

export interface AssociationStanding {
  association: AssociationEntity;
  access: AssociationAccess;
}

/**
 * The check every feature asks before touching an association (ADR 0013): applications,
 * bookings in an association's name and the register itself. Someone with no standing gets
 * the same 404 as for an association that does not exist, so ids reveal nothing; an officer
 * who may read but not act gets 403.
 */
@Injectable()
export class AssociationAccessService {
  constructor(private readonly repository: AssociationRepository) {}

  /** The association and the caller's standing, or 404. */
  async assertMayRead(user: AuthUser, associationId: string, m?: EntityManager): Promise<AssociationStanding> {
    const association = await this.repository.find(associationId, m);
    const access = association ? associationAccess(user, association, await this.repository.isRepresentative(m ?? this.repository.dataSource.manager, associationId, user.sub)) : null;
    if (!association || !access) throw new NotFoundException(`No association ${associationId}`);
    return { association, access };
  }

  /** As assertMayRead, and 403 unless the caller may act for it (a mandate, a representative, an admin). */
  async assertMayAct(user: AuthUser, associationId: string, m?: EntityManager): Promise<AssociationStanding> {
    const standing = await this.assertMayRead(user, associationId, m);
    if (!mayActFor(standing.access)) throw new ForbiddenException('Only the association’s representatives (or a person with a Suomi.fi mandate for it) may do this');
    return standing;
  }

  /** Whether the register holds the association: staff name one on a booking without acting for it. */
  async exists(associationId: string, m?: EntityManager): Promise<boolean> {
    return Boolean(await this.repository.find(associationId, m));
  }

  /** Ids of the associations the caller acts for (for "my applications" and the like). */
  async associationIdsOf(user: AuthUser, m?: EntityManager): Promise<string[]> {
    return (await this.repository.actingFor(user.sub, user.actingFor ?? [], m)).map((a) => a.id);
  }
}
