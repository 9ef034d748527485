import type { FileStorage } from '@vaikuta/persistence';

/**
 * Where photo bytes live: the shared file storage (libs/persistence). Local disk by default;
 * a city swaps in object storage by providing another implementation under the same token.
 */
export type PhotoStorage = FileStorage;

export const PHOTO_STORAGE = Symbol('PHOTO_STORAGE');
