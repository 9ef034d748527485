export {
  registerSecurityHeaders,
  preRoutingSecurityHeaders,
  applyPreRoutingSecurityHeaders,
  noStoreUnlessPublic,
  tlsTerminatedInFrontFromEnv,
  PAGE_PERMISSIONS_POLICY,
  type SecurityHeaderOptions,
} from './security-headers';
