import { SetMetadata } from '@nestjs/common';

// The plain key 'isPublic' is shared with libs/observability, which marks probes public without
// depending on this lib (see its public-route.ts).
export const IS_PUBLIC_KEY = 'isPublic';

/**
 * The route answers without a token. A valid token still attaches its user (read it with
 * @OptionalUser()); an invalid one is still a 401, because its sender meant to authenticate.
 */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC_KEY, true);
