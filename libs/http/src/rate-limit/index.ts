export { RateLimitClass, RATE_LIMIT_CLASS } from './rate-limit-class.decorator';
export {
  RATE_LIMIT_CLASSES,
  DEFAULT_RATE_LIMIT_CLASSES,
  DEFAULT_CREDENTIAL_FAILURES,
  rateLimitSettingsFromEnv,
  type RateLimitClassName,
  type RateLimitRule,
  type RateLimitClassSettings,
  type RateLimitSettings,
  type CredentialFailureSettings,
} from './rate-limit-settings';
export { RateLimits, RATE_LIMIT_SETTINGS } from './rate-limits.service';
export { CredentialFailures } from './credential-failures.service';
export { RateLimitModule } from './rate-limit.module';
export { TooManyRequestsProblem } from './too-many-requests';
export { rateLimitStateOf, type RateLimitState } from './rate-limit-headers';
export { DEFAULT_TRUST_PROXY, trustProxyFromEnv, forwardedFor } from './trusted-proxies';
export { ClientAddressContext } from './client-address-context';
