/**
 * `GET /metrics` on its own port (METRICS_PORT), never on the public one: the public port faces
 * residents' phones and the internet, the metrics port faces the operator's Prometheus. Plain
 * HTTP even when the public port speaks TLS; anything but GET /metrics is 404.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppMetrics } from './app-metrics.ts';

export interface MetricsEndpoint {
  /** Listens on host:port (0 picks a free port); returns the port bound. */
  listen(port: number, host: string): Promise<number>;
  close(): Promise<void>;
}

export function createMetricsEndpoint(metrics: AppMetrics, onError: (err: unknown) => void): MetricsEndpoint {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' || path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    metrics.scrape().then(
      ({ contentType, body }) => res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' }).end(body),
      (err: unknown) => {
        onError(err);
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('metrics collection failed\n');
      },
    );
  });
  // A scraper keeps its connection alive between scrapes; closing must not wait for it.
  server.keepAliveTimeout = 5_000;
  return {
    listen: (port, host) => new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve((server.address() as AddressInfo).port);
      });
    }),
    close: () => new Promise((resolve) => {
      if (!server.listening) return resolve();
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
