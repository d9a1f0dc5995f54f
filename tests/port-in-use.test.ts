/** Starting on a port another process holds: a sentence that says so and an exit, not a stack trace. */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnServer } from './helpers/server-process.ts';

describe('the server on a port that is taken', () => {
  let holder: Server;
  let port: number;
  let dataDir: string;
  beforeAll(async () => {
    holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    port = (holder.address() as AddressInfo).port;
    dataDir = mkdtempSync(path.join(tmpdir(), 'yishi-port-'));
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => holder.close(() => resolve()));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('names the address and what to do, and stops', async () => {
    let output = '';
    await spawnServer({ PORT: String(port), DATA_DIR: dataDir }).then(
      () => expect.unreachable('the server started on a port that was taken'),
      (err: Error) => (output = err.message),
    );
    expect(output).toContain(`Yishi could not listen on 127.0.0.1:${port}: the port is in use`);
    expect(output).toContain('set PORT');
    expect(output).not.toContain('    at ');
  }, 60_000);
});
