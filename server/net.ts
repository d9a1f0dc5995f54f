/** The addresses a tablet on the hall Wi-Fi can use to reach this server. */
import { networkInterfaces } from 'node:os';

/** Non-internal IPv4 addresses of this machine. */
export function lanAddresses(): string[] {
  const out: string[] = [];
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) out.push(a.address);
  }
  return out;
}

/** URLs to print at start-up; the first is the default public URL. */
export function reachableUrls(host: string, port: number, tls: boolean): string[] {
  const scheme = tls ? 'https' : 'http';
  const hosts = host === '0.0.0.0' || host === '::' ? [...lanAddresses(), 'localhost'] : [host];
  return hosts.map((h) => `${scheme}://${h}:${port}`);
}
