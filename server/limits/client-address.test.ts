import { describe, expect, it } from 'vitest';
import { addressKey, clientAddress, parseTrustProxy, trustFunction } from './client-address.ts';

const xff = (v: string) => ({ 'x-forwarded-for': v });

describe('client address (TRUST_PROXY)', () => {
  it('off by default and for 0/false: X-Forwarded-For is ignored', () => {
    for (const raw of [null, '0', 'false', 'off']) {
      const trust = trustFunction(parseTrustProxy(raw));
      expect(clientAddress('10.0.0.5', xff('203.0.113.9'), trust)).toBe('10.0.0.5');
    }
  });

  it('a hop count trusts that many proxies from the right, so what a client puts in front is not believed', () => {
    const one = trustFunction(parseTrustProxy('1'));
    expect(clientAddress('10.0.0.5', xff('203.0.113.9'), one)).toBe('203.0.113.9');
    expect(clientAddress('10.0.0.5', xff('198.51.100.1, 203.0.113.9'), one)).toBe('203.0.113.9');
    const two = trustFunction(parseTrustProxy('2'));
    expect(clientAddress('10.0.0.5', xff('198.51.100.1, 203.0.113.9, 10.0.0.7'), two)).toBe('203.0.113.9');
  });

  it('a list of proxies trusts only those addresses and ranges', () => {
    const trust = trustFunction(parseTrustProxy('10.0.0.0/8, loopback'));
    expect(clientAddress('10.1.2.3', xff('203.0.113.9'), trust)).toBe('203.0.113.9');
    expect(clientAddress('::ffff:127.0.0.1', xff('203.0.113.9'), trust)).toBe('203.0.113.9');
    expect(clientAddress('198.51.100.1', xff('203.0.113.9'), trust)).toBe('198.51.100.1');
    // Two trusted hops in a row are both walked past.
    expect(clientAddress('127.0.0.1', xff('203.0.113.9, 10.9.9.9'), trust)).toBe('203.0.113.9');
  });

  it('junk in X-Forwarded-For ends the walk at the last trusted hop instead of becoming an address', () => {
    const trust = trustFunction(parseTrustProxy('1'));
    expect(clientAddress('10.0.0.5', xff('not-an-ip'), trust)).toBe('10.0.0.5');
    expect(clientAddress('10.0.0.5', {}, trust)).toBe('10.0.0.5');
  });

  it('refuses a setting it does not understand, true included', () => {
    for (const raw of ['true', 'proxy.example', '10.0.0.0/40', '1.2.3.4/8/9']) expect(() => parseTrustProxy(raw)).toThrow(/TRUST_PROXY/);
  });

  it('counts IPv4 by address and IPv6 by its /64', () => {
    expect(addressKey('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
  });
});
