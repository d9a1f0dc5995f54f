/** The Yishi process: configuration from the environment, one app, graceful stop on SIGTERM. */
import { loadConfig } from './config.ts';
import { buildApp } from './app.ts';
import { reachableUrls } from './net.ts';
import { installMemoryProbe } from './memory-probe.ts';

installMemoryProbe();
const config = loadConfig();
const app = await buildApp(config);
try {
  await app.listen();
} catch (err) {
  // A port already taken or not ours to take: say which and what to do, instead of a stack trace.
  const { code, port: failedPort } = err as NodeJS.ErrnoException & { port?: number };
  if (code !== 'EADDRINUSE' && code !== 'EACCES') throw err;
  const where = `${config.host}:${failedPort ?? config.port}`;
  console.error(code === 'EADDRINUSE'
    ? `\nYishi could not listen on ${where}: the port is in use (is Yishi already running?). Stop the other process, or set PORT (METRICS_PORT, INTERNAL_PORT) to a free port.\n`
    : `\nYishi could not listen on ${where}: permission denied (ports under 1024 need privileges). Set PORT to 1024 or above.\n`);
  await app.close().catch(() => undefined);
  process.exit(1);
}
const addr = app.fastify.server.address();
const port = typeof addr === 'object' && addr ? addr.port : config.port;
const urls = reachableUrls(config.host, port, config.tls !== null);
app.fastify.log.info({ port, urls, metrics: app.metricsUrl(), publicUrl: config.publicUrl, storage: app.storage.kind, presence: app.presence.kind, dataDir: config.dataDir }, 'Yishi is listening');
// A plain line for the person who typed `npm start`: where tablets on the hall Wi-Fi can connect.
console.log(`\nYishi is running. Open one of these on a device on the same network:\n${urls.map((u) => `  ${u}`).join('\n')}\n`);

// A promise that failed with nobody listening is a bug, but not one worth ending a live meeting
// for: every command commits in one transaction, so nothing half-done is left behind. Logged loudly.
process.on('unhandledRejection', (reason) => {
  app.fastify.log.error({ err: reason }, 'unhandled promise rejection (a bug); the process carries on');
});

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    app.fastify.log.info({ signal }, 'stopping: flushing storage and closing connections');
    const force = setTimeout(() => {
      app.fastify.log.error('graceful stop took over 10 s; exiting');
      process.exit(1);
    }, 10_000);
    force.unref();
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        app.fastify.log.error({ err }, 'error while stopping');
        process.exit(1);
      },
    );
  });
}
