/**
 * Which hops may say who the client is (X-Forwarded-For), from TRUST_PROXY: `loopback`
 * (default: the portal's proxy on the same host), a comma-separated list of addresses or
 * CIDRs (the ingress and the portal in a cluster), or `true`/`false`.
 * Not `true` by default: trusting every hop lets any client name its own address and so
 * walk past every per-address limit.
 * Called by a service's config (httpEnvShape), never reading the process environment itself.
 */
export function trustProxyFromEnv(source: { TRUST_PROXY?: string }): boolean | string {
  const value = (source.TRUST_PROXY ?? DEFAULT_TRUST_PROXY).trim();
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (!/^[\w.:/,\s-]+$/.test(value)) throw new Error(`Invalid TRUST_PROXY: expected loopback, true, false or comma-separated addresses or CIDRs, got ${value}`);
  return value;
}

/** TRUST_PROXY unset: only a proxy on the same host (the portal in `npm start`) may name the client. */
export const DEFAULT_TRUST_PROXY = 'loopback';

/**
 * The X-Forwarded-For a proxy (the portal) sends on for `request`: the chain it received,
 * then the address it received it from. The service behind, trusting the proxy, takes the
 * client's address from it, so per-address limits count residents, not the portal.
 */
export function forwardedFor(request: { headers: Record<string, string | string[] | undefined>; raw: { socket: { remoteAddress?: string } } }): string | undefined {
  const received = request.headers['x-forwarded-for'];
  const chain = (Array.isArray(received) ? received.join(', ') : received ?? '').trim();
  const peer = request.raw.socket.remoteAddress;
  if (!peer) return chain || undefined;
  return chain ? `${chain}, ${peer}` : peer;
}
