/**
 * Which hops may say who the client is (X-Forwarded-For), from TRUST_PROXY: `loopback`
 * (default: the portal's proxy on the same host), a comma-separated list of addresses or
 * CIDRs (the ingress and the portal in a cluster), or `true`/`false`.
 * Not `true` by default: trusting every hop lets any client name its own address and so
 * walk past every per-address limit.
 */
export function trustProxyFromEnv(source: NodeJS.ProcessEnv = process.env): boolean | string {
  const value = (source.TRUST_PROXY ?? 'loopback').trim();
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (!/^[\w.:/,\s-]+$/.test(value)) throw new Error(`Invalid TRUST_PROXY: ${value}`);
  return value;
}

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
