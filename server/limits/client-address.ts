/**
 * Who is asking: the client address that limits count, from the socket's peer address and,
 * only when TRUST_PROXY says the peer is our proxy, from X-Forwarded-For. One rule for HTTP and
 * Socket.IO handshakes, so a guesser cannot pick the transport that trusts more.
 */
import { BlockList, isIP } from 'node:net';
import type { IncomingHttpHeaders } from 'node:http';

/** TRUST_PROXY: off, a number of proxy hops in front of us, or the proxies' addresses. */
export type TrustProxy = { kind: 'off' } | { kind: 'hops'; hops: number } | { kind: 'addresses'; list: string[] };

/** `(address, hop)` → whether that hop is a proxy we trust; the shape Fastify's `trustProxy` takes. */
export type TrustFunction = (address: string, hop: number) => boolean;

const shapeHint = 'a number of proxy hops (e.g. 1), or a comma-separated list of proxy addresses and CIDR ranges (e.g. 10.0.0.0/8, loopback)';

/** IPv4-mapped IPv6 (`::ffff:1.2.3.4`, as dual-stack sockets report IPv4 peers) as plain IPv4. */
export function unmapped(address: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return m ? m[1]! : address;
}

/** Reads TRUST_PROXY (null: unset). Throws on a value it does not understand, so a typo cannot silently trust everyone. */
export function parseTrustProxy(raw: string | null): TrustProxy {
  if (raw === null || /^(0|false|off|no)$/i.test(raw)) return { kind: 'off' };
  if (/^\d+$/.test(raw)) return { kind: 'hops', hops: Number(raw) };
  const list = raw.split(',').map((s) => s.trim()).filter(Boolean);
  for (const item of list) {
    const [addr, prefix, extra] = item.split('/');
    const family = isIP(addr ?? '');
    const prefixOk = prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= (family === 6 ? 128 : 32));
    if (item !== 'loopback' && (family === 0 || !prefixOk || extra !== undefined)) {
      throw new Error(`TRUST_PROXY must be ${shapeHint}; "${item}" is neither (true is refused: it would let any client name its own address)`);
    }
  }
  return { kind: 'addresses', list };
}

/** The trust function for a TRUST_PROXY setting, or false when it is off. */
export function trustFunction(tp: TrustProxy): TrustFunction | false {
  if (tp.kind === 'off') return false;
  if (tp.kind === 'hops') return (_address, hop) => hop < tp.hops;
  const trusted = new BlockList();
  for (const item of tp.list) {
    if (item === 'loopback') {
      trusted.addSubnet('127.0.0.0', 8, 'ipv4');
      trusted.addAddress('::1', 'ipv6');
      continue;
    }
    const [addr, prefix] = item.split('/') as [string, string | undefined];
    const type = isIP(addr) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) trusted.addAddress(unmapped(addr), type);
    else trusted.addSubnet(addr, Number(prefix), type);
  }
  return (address) => {
    const a = unmapped(address);
    const family = isIP(a);
    return family !== 0 && trusted.check(a, family === 6 ? 'ipv6' : 'ipv4');
  };
}

/**
 * The client's address: walk from the peer back through X-Forwarded-For (rightmost first)
 * while each hop is a trusted proxy. An entry that is not an address ends the walk at the last
 * trusted hop, so a client cannot make up a fresh "address" per request with junk.
 */
export function clientAddress(peer: string | undefined, headers: IncomingHttpHeaders, trust: TrustFunction | false): string {
  const first = unmapped(peer ?? 'unknown');
  if (!trust) return first;
  const raw = headers['x-forwarded-for'];
  const forwarded = (Array.isArray(raw) ? raw.join(',') : raw ?? '').split(',').map((s) => s.trim()).filter(Boolean).reverse();
  const chain = [first, ...forwarded.map(unmapped)];
  let i = 0;
  while (i < chain.length - 1 && trust(chain[i]!, i) && isIP(chain[i + 1]!) !== 0) i++;
  return chain[i]!;
}

/** Expands an IPv6 address into its eight 16-bit groups. */
function ipv6Groups(address: string): number[] {
  const [head, tail] = address.includes('::') ? address.split('::') as [string, string] : [address, null];
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  const left = parse(head);
  const right = tail === null ? [] : parse(tail);
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/**
 * The key an address is counted under: an IPv4 address as it is, an IPv6 address by its /64
 * (one subscriber usually holds a whole /64 and could otherwise change address per guess).
 */
export function addressKey(address: string): string {
  const a = unmapped(address);
  if (isIP(a) !== 6) return a;
  return `${ipv6Groups(a.split('%')[0]!).slice(0, 4).map((g) => g.toString(16)).join(':')}::/64`;
}
