/**
 * Zod speeds up object parsing by compiling code with `new Function`, after probing whether eval
 * is allowed. The app's CSP has no 'unsafe-eval', so the probe fails, and even the failed probe is
 * a reported CSP violation. Jitless mode never probes. Import this before the first parse; the
 * server keeps the compiled parsers (this module is the client's only).
 */
import { config } from 'zod';

config({ jitless: true });
