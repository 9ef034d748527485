import { randomUUID } from 'node:crypto';
import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuthUser } from '@vaikuta/auth';
import { GrantEvents, GrantsHttp } from '@vaikuta/contracts';
import { AuditActor, Clock, outboxEvent, VersionedChange } from '@vaikuta/domain';
import { OutboxWriter } from '@vaikuta/messaging';
import { associationAccess, mayActFor, mayRegisterBusinessId } from './association-access';
import { AssociationAccessService } from './association-access.service';
import { AssociationEntity } from './association.entity';
import { ibanOf, identityOf } from './association-identifiers';
import { AssociationRepository } from './association.repository';
import { associationDetailOf, associationSummaryOf, publicAssociationOf } from './association-views';

/** The audit's "who": the person, in the standing they acted in. */
function actorOf(user: AuthUser, role: string): AuditActor {
  return { id: user.sub, role };
}

/**
 * The association register: registration (the registrant becomes the first representative),
 * changes by the association's own people with the version they saw, representatives added
 * and removed by each other. Every change is audited and told on the GRANTS stream.
 */
@Injectable()
export class AssociationService {
  private readonly changes: VersionedChange<AssociationEntity>;

  constructor(
    private readonly repository: AssociationRepository,
    private readonly access: AssociationAccessService,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
  ) {
    this.changes = new VersionedChange(repository.dataSource, outbox, {
      entity: AssociationEntity,
      audit: repository.auditLog,
      notFound: (id) => new NotFoundException(`No association ${id}`),
      clock,
    });
  }

  /**
   * `requestId` (IdempotentRequestId) is the same for every retry of one keyed request and
   * becomes the association's id: a retry whose first answer never reached Redis (docs/adr/0007)
   * is answered with the association it registered, not registered twice or refused as taken.
   */
  async register(body: GrantsHttp.RegisterAssociationRequest, user: AuthUser, requestId?: string): Promise<GrantsHttp.AssociationDetail> {
    const identity = identityOf(body);
    const iban = body.iban !== undefined ? ibanOf(body.iban) : null;
    if (identity.businessId && !mayRegisterBusinessId(user, identity.businessId)) {
      throw new ForbiddenException(`Your sign-in does not act for business ID ${identity.businessId}: register it with a Suomi.fi mandate for the organisation`);
    }
    const now = this.clock.now();
    // Only a mandate is the state's word that this person speaks for the association; an
    // admin's registration by business ID or a typed registration number is a claim to check.
    const underMandate = identity.businessId !== null && (user.actingFor ?? []).includes(identity.businessId);
    const association = Object.assign(new AssociationEntity(), {
      id: requestId ?? randomUUID(),
      name: { fi: body.name, ...(body.nameSv ? { sv: body.nameSv } : {}) },
      ...identity,
      verification: underMandate ? 'verified' : 'pending_verification',
      rejectionReason: null,
      address: body.address ?? null,
      iban,
      email: body.email ?? null,
      version: 1,
      createdBy: user.sub,
      createdAt: now,
      updatedAt: now,
    });
    const registrant = { sub: user.sub, role: body.role, name: body.representativeName ?? null, addedBy: user.sub, addedAt: now };
    const registered = await this.repository.dataSource.transaction(async (m) => {
      if (!(await this.repository.insert(m, association))) {
        if (requestId && (await this.repository.find(requestId, m))) return false;
        throw this.alreadyClaimed(identity, await this.repository.claimOf(identity, m));
      }
      await this.repository.addRepresentative(m, association.id, registrant);
      await this.repository.auditLog.write(m, {
        entityId: association.id,
        version: 1,
        action: 'registered',
        actor: actorOf(user, underMandate ? 'mandate' : 'registrant'),
        details: { identification: identity.identification, businessId: identity.businessId, registrationNumber: identity.registrationNumber, role: body.role, verification: association.verification },
      });
      await this.outbox.append(m, GrantEvents.associationRegistered, {
        associationId: association.id,
        name: body.name,
        businessId: identity.businessId,
        registeredBy: user.sub,
        at: now.toISOString(),
      });
      return true;
    });
    if (!registered) return this.detail(association.id, user);
    return associationDetailOf(association, [registrant], associationAccess(user, association, true)!);
  }

  async mine(user: AuthUser): Promise<GrantsHttp.MyAssociations> {
    const mandates = user.actingFor ?? [];
    const associations = await this.repository.actingFor(user.sub, mandates);
    const registered = new Set(associations.map((a) => a.businessId));
    return { items: associations.map(associationSummaryOf), unregisteredBusinessIds: mandates.filter((id) => !registered.has(id)) };
  }

  async all(query: GrantsHttp.AssociationSearchQuery): Promise<GrantsHttp.AssociationList> {
    return { items: (await this.repository.all(query.q, query.verification)).map(associationSummaryOf) };
  }

  /** A grants officer confirms that the registrant speaks for the association (the note says how they know; it stays in the audit). */
  async verify(id: string, body: GrantsHttp.VerifyAssociationRequest, user: AuthUser): Promise<GrantsHttp.AssociationDetail> {
    await this.decide(user, id, body.version, async (a, m) => {
      a.verification = 'verified';
      // Every representative is told, not only the registrant: any of them may have been waiting to apply.
      const representativeSubs = (await this.repository.representatives(id, m)).map((r) => r.sub);
      return {
        action: 'verified',
        details: { note: body.note },
        events: (saved, at) => [outboxEvent(GrantEvents.associationVerified, { associationId: id, associationName: saved.name.fi, verifiedBy: user.sub, representativeSubs, at })],
      };
    });
    return this.detail(id, user);
  }

  /**
   * A grants officer turns a claim down; the reason is shown to its representatives. The row
   * stays (its drafts and audit refer to it) but no longer holds the registration number, so
   * the real association can register it.
   */
  async reject(id: string, body: GrantsHttp.RejectAssociationRequest, user: AuthUser): Promise<GrantsHttp.AssociationDetail> {
    await this.decide(user, id, body.version, async (a, m) => {
      a.verification = 'rejected';
      a.rejectionReason = body.reason;
      const representativeSubs = (await this.repository.representatives(id, m)).map((r) => r.sub);
      return {
        action: 'verification_rejected',
        details: { reason: body.reason },
        events: (saved, at) => [
          outboxEvent(GrantEvents.associationRejected, { associationId: id, associationName: saved.name.fi, reason: body.reason, rejectedBy: user.sub, representativeSubs, at }),
        ],
      };
    });
    return this.detail(id, user);
  }

  async publicRegister(): Promise<GrantsHttp.PublicAssociationList> {
    return { items: (await this.repository.registered()).map(publicAssociationOf) };
  }

  async detail(id: string, user: AuthUser): Promise<GrantsHttp.AssociationDetail> {
    const { association, access } = await this.access.assertMayRead(user, id);
    return associationDetailOf(association, await this.repository.representatives(id), access);
  }

  async update(id: string, body: GrantsHttp.UpdateAssociationRequest, user: AuthUser): Promise<GrantsHttp.AssociationDetail> {
    const iban = typeof body.iban === 'string' ? ibanOf(body.iban) : body.iban;
    await this.actFor(user, id, body.version, async (a) => {
      const changed: string[] = [];
      const set = <K extends keyof AssociationEntity>(field: K, value: AssociationEntity[K], name: string) => {
        if (JSON.stringify(a[field]) !== JSON.stringify(value)) changed.push(name);
        a[field] = value;
      };
      if (body.name !== undefined || body.nameSv !== undefined) {
        const sv = body.nameSv === undefined ? a.name.sv : (body.nameSv ?? undefined);
        set('name', { fi: body.name ?? a.name.fi, ...(sv ? { sv } : {}) }, 'name');
      }
      if (body.address !== undefined) set('address', body.address, 'address');
      if (iban !== undefined) set('iban', iban, 'iban');
      if (body.email !== undefined) set('email', body.email, 'email');
      // Field names only: the audit says what changed, the row says to what.
      return { action: 'updated', details: { fields: changed } };
    });
    return this.detail(id, user);
  }

  async addRepresentative(id: string, body: GrantsHttp.AddRepresentativeRequest, user: AuthUser): Promise<GrantsHttp.AssociationDetail> {
    await this.actFor(user, id, body.version, async (a, m) => {
      const at = this.clock.now();
      if (!(await this.repository.addRepresentative(m, id, { sub: body.sub, role: body.role, name: body.name ?? null, addedBy: user.sub, addedAt: at }))) {
        throw new ConflictException({ title: 'Already a representative', detail: 'This person already represents the association; remove them first to change their role' });
      }
      return {
        action: 'representative_added',
        details: { sub: body.sub, role: body.role },
        events: (saved, savedAt) => [
          outboxEvent(GrantEvents.representativeAdded, { associationId: id, associationName: saved.name.fi, sub: body.sub, role: body.role, addedBy: user.sub, at: savedAt }),
        ],
      };
    });
    return this.detail(id, user);
  }

  async removeRepresentative(id: string, sub: string, version: number, user: AuthUser): Promise<void> {
    await this.actFor(user, id, version, async (a, m) => {
      const removed = await this.repository.removeRepresentative(m, id, sub);
      if (!removed) throw new NotFoundException(`The association has no representative ${sub}`);
      // A group without a business ID has no mandate to fall back on: someone must stay.
      if (a.businessId === null && (await this.repository.countRepresentatives(m, id)) === 0) {
        throw new ConflictException({ title: 'The last representative', detail: 'Add another representative before removing the last one' });
      }
      return {
        action: 'representative_removed',
        details: { sub, role: removed.role },
        events: (saved, savedAt) => [outboxEvent(GrantEvents.representativeRemoved, { associationId: id, associationName: saved.name.fi, sub, removedBy: user.sub, at: savedAt })],
      };
    });
  }

  /** An officer's decision on a pending claim; a decided one is not decided again (409). */
  private decide(user: AuthUser, id: string, expectedVersion: number, mutate: Parameters<VersionedChange<AssociationEntity>['applyIn']>[2]) {
    return this.repository.dataSource.transaction(async (m: EntityManager) => {
      const locked = await this.changes.lock(m, id);
      if (locked.verification !== 'pending_verification') {
        throw new ConflictException({ title: 'Already decided', detail: `This association is ${locked.verification.replace('_', ' ')}; only a pending registration is verified or rejected`, verification: locked.verification });
      }
      return this.changes.applyIn(m, { id, expectedVersion, actor: actorOf(user, user.roles.includes('grants_officer') ? 'grants_officer' : 'admin') }, mutate);
    });
  }

  /**
   * Why a registration was refused, and what to do (ADR 0013): a pending claim to the same
   * number is contested through the grants office rather than raced in the register.
   */
  private alreadyClaimed(identity: { businessId: string | null; registrationNumber: string | null }, claim: AssociationEntity | null): ConflictException {
    if (identity.businessId) {
      return new ConflictException({
        title: 'Already registered',
        detail: `Business ID ${identity.businessId} is already in the register; with a mandate for it you act for it already (see your associations)`,
      });
    }
    if (claim?.verification === 'pending_verification') {
      return new ConflictException({
        title: 'Registration awaits verification',
        detail: `Someone has registered number ${identity.registrationNumber} and a grants officer has not verified it yet. If it is your association, contact the city's grants office (avustukset) with an extract from the register of associations: the officer rejects the wrong claim, and then you can register.`,
        verification: 'pending_verification',
      });
    }
    return new ConflictException({
      title: 'Already registered',
      detail: `Registration number ${identity.registrationNumber} is already in the register: ask its representatives to add you, or contact the city's grants office if you think the registration is wrong`,
    });
  }

  /**
   * A versioned change by someone who acts for the association. The row is locked before the
   * representative rows are read, so a representative removed at the same moment cannot slip
   * a change in; a caller with no standing gets 404 before any version is compared.
   */
  private actFor(
    user: AuthUser,
    id: string,
    expectedVersion: number,
    mutate: Parameters<VersionedChange<AssociationEntity>['applyIn']>[2],
  ): Promise<AssociationEntity> {
    return this.repository.dataSource.transaction(async (m: EntityManager) => {
      const locked = await this.changes.lock(m, id);
      const access = associationAccess(user, locked, await this.repository.isRepresentative(m, id, user.sub));
      if (!access) throw new NotFoundException(`No association ${id}`);
      if (!mayActFor(access)) throw new ForbiddenException('Only the association’s representatives (or a person with a Suomi.fi mandate for it) may change it');
      return this.changes.applyIn(m, { id, expectedVersion, actor: actorOf(user, access) }, mutate);
    });
  }
}
