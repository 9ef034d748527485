import { auditTableMigration } from '@vaikuta/domain';
import type { GrantsFeature } from '../grants-feature';
import { CreateAssociationRegister1766000000100 } from '../migrations/1766000000100-CreateAssociationRegister';
import { AddAssociationVerification1766000000135 } from '../migrations/1766000000135-AddAssociationVerification';
import { AssociationAccessService } from './association-access.service';
import { AssociationEntity } from './association.entity';
import { AssociationRepository } from './association.repository';
import { AssociationService } from './association.service';
import { AssociationsController } from './associations.controller';

/**
 * The association register: names, business ID, bank account, representatives. Other
 * features ask AssociationAccessService who may act for an association, never the token.
 */
export const associationsFeature: GrantsFeature = {
  controllers: [AssociationsController],
  providers: [AssociationRepository, AssociationAccessService, AssociationService],
  entities: [AssociationEntity],
  migrations: [
    CreateAssociationRegister1766000000100,
    auditTableMigration({ table: 'association_audit', timestamp: 1766000000110, references: 'associations(id)' }),
    AddAssociationVerification1766000000135,
  ],
};
