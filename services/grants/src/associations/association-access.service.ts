import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
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

  /**
   * As assertMayRead, and 403 unless the caller may act for it (a mandate, a representative, an
   * admin). Preparing is allowed before a grants officer has verified the association: a draft
   * commits the city to nothing.
   */
  async assertMayPrepare(user: AuthUser, associationId: string, m?: EntityManager): Promise<AssociationStanding> {
    const standing = await this.assertMayRead(user, associationId, m);
    if (!mayActFor(standing.access)) throw new ForbiddenException('Only the association’s representatives (or a person with a Suomi.fi mandate for it) may do this');
    return standing;
  }

  /**
   * As assertMayPrepare, and 409 unless the association is verified: what binds the city
   * (submitting an application, booking or applying for a season in the association's name)
   * waits until a grants officer has checked that the registrant speaks for it.
   */
  async assertMayAct(user: AuthUser, associationId: string, m?: EntityManager): Promise<AssociationStanding> {
    const standing = await this.assertMayPrepare(user, associationId, m);
    assertVerified(standing.association);
    return standing;
  }

  /** 409 unless the association is verified (for a step whose standing was checked already). */
  async assertVerified(associationId: string, m?: EntityManager): Promise<void> {
    const association = await this.repository.find(associationId, m);
    if (!association) throw new NotFoundException(`No association ${associationId}`);
    assertVerified(association);
  }

  /** Whether the register holds the association: staff name one on a booking without acting for it. */
  /** The subs of the association's representatives: whom to tell of its applications' steps. */
  async representativeSubs(associationId: string, m?: EntityManager): Promise<string[]> {
    return (await this.repository.representatives(associationId, m)).map((r) => r.sub);
  }

  async exists(associationId: string, m?: EntityManager): Promise<boolean> {
    return Boolean(await this.repository.find(associationId, m));
  }

  /** Ids of the associations the caller acts for (for "my applications" and the like). */
  async associationIdsOf(user: AuthUser, m?: EntityManager): Promise<string[]> {
    return (await this.repository.actingFor(user.sub, user.actingFor ?? [], m)).map((a) => a.id);
  }
}

function assertVerified(association: AssociationEntity): void {
  if (association.verification === 'verified') return;
  throw new ConflictException({
    title: 'Association not verified',
    detail:
      association.verification === 'rejected'
        ? 'A grants officer rejected this association’s registration; nothing can be submitted or booked in its name'
        : 'A grants officer has not verified this association yet: you can prepare drafts, and submit or book once it is verified',
    verification: association.verification,
  });
}
