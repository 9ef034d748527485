import { SetMetadata } from '@nestjs/common';

export const AUTHENTICATED_KEY = 'vaikuta:auth:authenticated';

/**
 * Any signed-in person may call the route (a resident acting on their own things, say).
 * Every route declares who may call it: @Public(), @Roles(...) or @Authenticated(). The
 * authorization-matrix test fails for a route that declares none, so "forgot to say" is
 * never read as "anyone with a token".
 */
export const Authenticated = (): MethodDecorator & ClassDecorator => SetMetadata(AUTHENTICATED_KEY, true);
