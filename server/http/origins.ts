/**
 * Which browser origins may open the sockets. WebSockets are not subject to CORS, so without this
 * a page on any site could open /yjs and /socket.io from a visitor's browser (it would still need
 * a token: this is cross-site WebSocket hygiene, not authentication).
 */
import type { IncomingMessage } from 'node:http';

export interface OriginPolicyOptions {
  /** PUBLIC_URL: its origin is the app's own even when the Host header says otherwise (a proxy). */
  publicUrl: string | null;
  /** ALLOWED_ORIGINS. */
  allowedOrigins: readonly string[];
}

/** A request's verdict: `true`, or the refusal's message. */
export type OriginCheck = (req: IncomingMessage) => true | string;

/** `Host` as a browser sends it for this origin: lower case, default port dropped. */
function normalHost(host: string): string {
  return host.toLowerCase().replace(/:(80|443)$/, '');
}

export function originPolicy(opts: OriginPolicyOptions): OriginCheck {
  const allowed = new Set<string>();
  for (const o of [...opts.allowedOrigins, ...(opts.publicUrl ? [opts.publicUrl] : [])]) {
    try {
      allowed.add(new URL(o).origin);
    } catch {
      // config.ts refuses malformed ALLOWED_ORIGINS; a malformed PUBLIC_URL just adds nothing here
    }
  }
  return (req) => {
    const origin = req.headers.origin;
    // Browsers always send Origin on WebSocket upgrades; its absence means a non-browser client.
    if (origin === undefined) return true;
    let url: URL | null = null;
    try {
      url = new URL(origin);
    } catch {
      url = null; // "null" (sandboxed frames, file://) and garbage alike
    }
    if (url && /^https?:$/.test(url.protocol)) {
      if (allowed.has(url.origin)) return true;
      // The app's own page: same host and port as the request. The scheme is not compared, so a
      // TLS-terminating proxy that keeps Host works (the server sees http, the page is https).
      const host = req.headers.host;
      if (host && url.host === normalHost(host)) return true;
    }
    return `ORIGIN_NOT_ALLOWED: pages on ${origin.slice(0, 100)} may not connect here (see ALLOWED_ORIGINS).`;
  };
}
