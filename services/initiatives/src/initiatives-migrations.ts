import { CreateMessagingTables1763800000000 } from '@vaikuta/messaging';
import { CreateInitiativesSchema1764900000100 } from './migrations/1764900000100-CreateInitiativesSchema';

export const initiativesMigrations = [CreateMessagingTables1763800000000, CreateInitiativesSchema1764900000100];
