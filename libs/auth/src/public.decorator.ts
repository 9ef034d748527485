import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC_KEY = 'vaikuta:auth:public';

/**
 * The route answers without a token. A valid token still attaches its user (read it with
 * @OptionalUser()); an invalid one is still a 401, because its sender meant to authenticate.
 */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC_KEY, true);
