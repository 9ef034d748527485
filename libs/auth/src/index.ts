export { AuthModule, AUTH_MODULE_OPTIONS } from './auth.module';
export { authEnvShape, authEnvironment, resolveAuthConfig, type AuthConfig, type AuthEnvironment, type AuthKeySource, type AuthModuleOptions } from './auth-config';
export { AuthGuard } from './auth.guard';
export { Public, IS_PUBLIC_KEY } from './public.decorator';
export { Roles, ROLES_KEY } from './roles.decorator';
export { Authenticated, AUTHENTICATED_KEY } from './authenticated.decorator';
export { CurrentUser, OptionalUser } from './current-user.decorator';
export { authUserOf, bearerTokenOf } from './auth-request';
export { JwtVerifier, InvalidTokenError, KeySetUnavailableError } from './jwt-verifier';
export { issueDevToken, devJwks, type DevTokenRequest, type DevTokenOptions } from './dev-token-issuer';
export {
  ROLES,
  isRole,
  hasAnyRole,
  canActForDepartment,
  assertDepartment,
  canActForAssociation,
  assertAssociation,
  type Role,
  type AuthUser,
} from './roles';
