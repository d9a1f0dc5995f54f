/**
 * Security headers on every HTTP response, written by hand (a handful of constants; no helmet).
 * The CSP allows no inline or eval script. Styles: Preact writes `style` props through the CSSOM
 * (`el.style.cssText`, `setProperty`), which `style-src 'self'` allows; only `style="…"` in markup,
 * `setAttribute('style')` and `<style>` elements would need 'unsafe-inline', and the client uses
 * none (the browser suite fails on any CSP violation).
 */
import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';

export interface SecurityHeaderOptions {
  /** TLS on this port: only then is HSTS sent (over plain HTTP a browser ignores it anyway). */
  tls: boolean;
  /** PUBLIC_URL: behind a proxy the page's host may differ from the Host header the server sees. */
  publicUrl: string | null;
}

/** A Host header worth echoing into the CSP: a host name or bracketed IPv6, and a port. */
const plainHost = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/** The headers for a request that arrived with this Host header. */
export type SecurityHeaders = (host: string | undefined) => Record<string, string>;

export function securityHeaders(opts: SecurityHeaderOptions): SecurityHeaders {
  const constant: Record<string, string> = {
    'X-Content-Type-Options': 'nosniff',
    // Join codes, invite codes and tokens travel in URLs: never hand them to another site.
    'Referrer-Policy': 'no-referrer',
    // frame-ancestors 'none' for current browsers, this for old ones.
    'X-Frame-Options': 'DENY',
    // The camera for photos of concerns; full screen and wake lock for the big screen; nothing else.
    'Permissions-Policy': 'camera=(self), microphone=(), geolocation=(), payment=(), usb=(), display-capture=(), fullscreen=(self), screen-wake-lock=(self)',
    ...(opts.tls ? { 'Strict-Transport-Security': 'max-age=15552000' } : {}),
  };
  let publicHost: string | null = null;
  try {
    publicHost = opts.publicUrl ? new URL(opts.publicUrl).host : null;
  } catch {
    publicHost = null;
  }
  const csp = (host: string | undefined): string => {
    // CSP3 lets 'self' match same-host ws:/wss:, but older Safari does not: name them.
    const hosts = [host && plainHost.test(host) ? host.toLowerCase() : null, publicHost].filter((h, i, all): h is string => !!h && all.indexOf(h) === i);
    const sockets = hosts.flatMap((h) => [`ws://${h}`, `wss://${h}`]);
    return [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      // Zoomed-out boards are drawn into a blob: image; Vite may inline small assets as data:.
      "img-src 'self' blob: data:",
      // The web app manifest (home-screen install) and its icons are our own files.
      "manifest-src 'self'",
      ["connect-src 'self'", ...sockets].join(' '),
      "frame-ancestors 'none'",
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'self'",
    ].join('; ');
  };
  return (host) => ({ ...constant, 'Content-Security-Policy': csp(host) });
}

/** Sets them on every response Fastify sends (pages, files, JSON, errors, 404s), before any handler runs. */
export function installSecurityHeaders(app: FastifyInstance, headers: SecurityHeaders): void {
  app.addHook('onRequest', (req, reply, done) => {
    reply.headers(headers(req.headers.host));
    done();
  });
}

/** For what Socket.IO answers itself (long-polling, its 400/403s), which never reaches Fastify. */
export function setSecurityHeaders(res: ServerResponse, host: string | undefined, headers: SecurityHeaders): void {
  for (const [name, value] of Object.entries(headers(host))) res.setHeader(name, value);
}
