import { auditTableMigration } from '@vaikuta/domain';
import type { GrantsFeature } from '../grants-feature';
import { CreateAssociationRegister1766000000100 } from '../migrations/1766000000100-CreateAssociationRegister';
import { AssociationEntity } from './association.entity';

/** The association register: names, business ID, bank account, representatives. */
export const associationsFeature: GrantsFeature = {
  controllers: [],
  providers: [],
  entities: [AssociationEntity],
  migrations: [
    CreateAssociationRegister1766000000100,
    auditTableMigration({ table: 'association_audit', timestamp: 1766000000110, references: 'associations(id)' }),
  ],
};
