// The @hocuspocus/server peer of `npm run bench:hall`, as its README starts it: one Server, no
// extensions, so no persistence and no auth hooks (like the reference server, which keeps the
// document in memory only). PORT and HOST come from the environment.
import { Server } from '@hocuspocus/server';

const server = new Server({ port: Number(process.env.PORT ?? 1234), address: process.env.HOST ?? '127.0.0.1', quiet: true });
await server.listen();

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server.destroy().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
