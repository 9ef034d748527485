import path from 'node:path';
import { auditTableMigration } from '@vaikuta/domain';
import { LocalDiskFileStorage } from '@vaikuta/persistence';
import { GRANTS_CONFIG, GrantsConfig } from '../grants-config';
import type { GrantsFeature } from '../grants-feature';
import { CreateSpaces1766000000200 } from '../migrations/1766000000200-CreateSpaces';
import { CreateSpacePhotos1766000000290 } from '../migrations/1766000000290-CreateSpacePhotos';
import { Space } from './space.entity';
import { SpaceRepository } from './space.repository';
import { SpaceService } from './space.service';
import { SpacesController } from './spaces.controller';
import { SpacePhotoRepository } from './space-photo.repository';
import { SPACE_PHOTO_FILES, SPACE_PHOTO_KEY, SpacePhotosService } from './space-photos.service';
import { SpacePhotosController } from './space-photos.controller';

/** Bookable city premises: opening hours, booking rules, access type, photos. */
export const spacesFeature: GrantsFeature = {
  controllers: [SpacesController, SpacePhotosController],
  providers: [
    SpaceRepository,
    SpaceService,
    SpacePhotoRepository,
    SpacePhotosService,
    {
      provide: SPACE_PHOTO_FILES,
      // Under the service's file directory; a city provides object storage under the same token.
      useFactory: (config: GrantsConfig) => new LocalDiskFileStorage(path.join(config.fileDir, 'space-photos'), SPACE_PHOTO_KEY),
      inject: [GRANTS_CONFIG],
    },
  ],
  entities: [Space],
  migrations: [
    CreateSpaces1766000000200,
    auditTableMigration({ table: 'space_audit', timestamp: 1766000000210, references: 'spaces(id)' }),
    CreateSpacePhotos1766000000290,
  ],
};
