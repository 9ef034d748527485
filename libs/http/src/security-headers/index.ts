export {
  registerSecurityHeaders,
  noStoreUnlessPublic,
  tlsTerminatedInFrontFromEnv,
  PAGE_PERMISSIONS_POLICY,
  type SecurityHeaderOptions,
} from './security-headers';
