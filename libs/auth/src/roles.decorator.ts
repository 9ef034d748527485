import { SetMetadata } from '@nestjs/common';
import type { Role } from './roles';

export const ROLES_KEY = 'vaikuta:auth:roles';

/**
 * The caller needs at least one of these roles (403 otherwise). Admin is not implied: list it
 * where admins may act. On a handler it replaces the one on its controller.
 */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);
