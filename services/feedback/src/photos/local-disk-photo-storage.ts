import { LocalDiskFileStorage } from '@vaikuta/persistence';

/** Photos on local disk: keys are uuid.ext of the three image formats kept. */
export class LocalDiskPhotoStorage extends LocalDiskFileStorage {
  constructor(root: string) {
    super(root, /^[a-f0-9-]+\.(jpg|png|webp)$/);
  }
}
