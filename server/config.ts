/** Configuration from the environment. An empty value counts as unset. */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DefaultPhotoMaxBytes } from '../shared/photos.ts';
import { parseTrustProxy, type TrustProxy } from './limits/client-address.ts';
import { DefaultFanoutWindowMs } from './yjs/board-fanout.ts';
import { DefaultCompactLullMs } from './yjs/board-authority.ts';
import { DefaultLimits, type LimitsConfig } from './limits/limits-config.ts';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** Base URL for links and QR codes; derived from the first LAN address when unset. */
  publicUrl: string | null;
  secret: string;
  /** PostgreSQL storage (DATABASE_URL) instead of the SQLite file in dataDir; needs SECRET set. */
  databaseUrl: string | null;
  /**
   * Where the other processes reach this one's internal listener (INTERNAL_URL), kept in each
   * session's owner row; null: http://HOST:INTERNAL_PORT as bound (127.0.0.1 when HOST is 0.0.0.0).
   */
  internalUrl: string | null;
  /** With DATABASE_URL: the port of the internal listener other processes hand work over to (INTERNAL_PORT; 0 picks a free one). */
  internalPort: number;
  /** With DATABASE_URL: how long a session lease lasts without renewal (LEASE_MS, default 8 s); renewed every quarter of it. */
  leaseMs: number;
  redisUrl: string | null;
  adminToken: string | null;
  tls: { cert: string; key: string } | null;
  /** Token lifetimes in ms. */
  tokenTtl: { moderator: number; participant: number };
  /** Largest WebSocket frame the Yjs endpoint accepts, in bytes. */
  maxYjsFrameBytes: number;
  /** Largest HTTP JSON body, in bytes. */
  maxBodyBytes: number;
  /** A board's document is unloaded after this long without connections. */
  roomIdleMs: number;
  /** Folds a board's update log into a snapshot once it holds this many updates. */
  compactAfterUpdates: number;
  /** ...and once its bytes reach this percentage of the last snapshot's (0: the count alone). */
  compactLogPercent: number;
  /** A due fold waits for this many ms without a commit, unless the log is four times past due (0: at once). */
  compactLullMs: number;
  /** A busy board sends each connection at most one document frame per this many ms. */
  fanoutWindowMs: number;
  logLevel: string;
  /** Identifies this process in presence and logs. */
  serverId: string;
  /** Largest photo upload, in bytes. */
  maxPhotoBytes: number;
  /** Unpublished sessions idle for this many days are deleted; 0 turns retention off. */
  retentionDays: number;
  /** Which proxies may name the client in X-Forwarded-For (TRUST_PROXY); off by default. */
  trustProxy: TrustProxy;
  /** Abuse limits: wrong codes, session creation, invites, photo uploads (server/limits/). */
  limits: LimitsConfig;
  /** Browser origins besides the app's own that may open the sockets (ALLOWED_ORIGINS), normalised. */
  allowedOrigins: string[];
  /** Connections (Yjs and Socket.IO) one address may hold before they authenticate; 0 = no cap. */
  maxUnauthenticatedPerAddress: number;
  /** Connections (Yjs and Socket.IO) one participant may open per clock minute; 0 = no limit. */
  upgradesPerMinute: number;
  /** Frames a Yjs connection may send before its board is ready (authenticated and loaded). */
  maxEarlyFrames: number;
  /** Bytes a Yjs connection may send before its board is ready. */
  maxEarlyBytes: number;
  /** Port of the Prometheus `/metrics` endpoint on HOST (METRICS_PORT); null = off (the default), 0 picks a free port. */
  metricsPort: number | null;
}

const day = 24 * 3600 * 1000;

function env(name: string, source: NodeJS.ProcessEnv): string | null {
  const v = source[name];
  return v === undefined || v.trim() === '' ? null : v.trim();
}

function intEnv(name: string, source: NodeJS.ProcessEnv, fallback: number): number {
  const raw = env(name, source);
  if (raw === null) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return n;
}

/** ALLOWED_ORIGINS: comma-separated origins (`https://host[:port]`), normalised; a path or a typo fails at start. */
function originsEnv(name: string, source: NodeJS.ProcessEnv): string[] {
  const raw = env(name, source);
  if (raw === null) return [];
  return raw.split(',').map((s) => s.trim()).filter(Boolean).map((s) => {
    let url: URL;
    try {
      url = new URL(s);
    } catch {
      throw new Error(`${name}: "${s}" is not an origin such as https://hall.example`);
    }
    if (!/^https?:$/.test(url.protocol) || url.pathname !== '/' || url.search || url.hash || url.username) {
      throw new Error(`${name}: "${s}" is not an origin (scheme://host[:port], no path), e.g. https://hall.example`);
    }
    return url.origin;
  });
}

/** DATABASE_URL: a postgres:// or postgresql:// URL; anything else fails at start (the message never shows a password). */
function databaseUrlEnv(raw: string | null): string | null {
  if (raw === null) return null;
  let url: URL | null = null;
  try {
    url = new URL(raw);
  } catch {
    // reported below
  }
  if (!url || !/^postgres(ql)?:$/.test(url.protocol)) {
    throw new Error('DATABASE_URL must be a PostgreSQL URL such as postgres://user:password@host:5432/yishi');
  }
  return raw;
}

/** The secret signs tokens; when unset it is generated once and kept in the data directory. */
function loadOrCreateSecret(dataDir: string): string {
  const file = path.join(dataDir, 'secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/** The LIMIT_* variables: how many per window (the windows are fixed, see DefaultLimits); 0 turns a limit off. */
function limitsFrom(source: NodeJS.ProcessEnv): LimitsConfig {
  const d = DefaultLimits;
  const max = (name: string, rule: { max: number; windowMs: number }) => ({ ...rule, max: intEnv(name, source, rule.max) });
  return {
    ...d,
    wrongCodes: max('LIMIT_WRONG_CODES', d.wrongCodes),
    wrongCodesGlobal: max('LIMIT_WRONG_CODES_GLOBAL', d.wrongCodesGlobal),
    sessions: max('LIMIT_SESSIONS', d.sessions),
    invites: max('LIMIT_INVITES', d.invites),
    photos: max('LIMIT_PHOTOS', d.photos),
    photosPerAddress: max('LIMIT_PHOTOS_PER_ADDRESS', d.photosPerAddress),
  };
}

/** Reads the configuration; `overrides` wins over the environment (tests use it). */
export function loadConfig(source: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const dataDir = path.resolve(overrides.dataDir ?? env('DATA_DIR', source) ?? 'data');
  const certFile = env('TLS_CERT', source);
  const keyFile = env('TLS_KEY', source);
  if ((certFile === null) !== (keyFile === null)) throw new Error('TLS_CERT and TLS_KEY must be set together');
  const databaseUrl = overrides.databaseUrl !== undefined ? overrides.databaseUrl : databaseUrlEnv(env('DATABASE_URL', source));
  const givenSecret = overrides.secret ?? env('SECRET', source);
  // Processes sharing one database must sign and check tokens with one key: a secret generated
  // into each process's own DATA_DIR would log people out whenever they reach another process.
  if (databaseUrl !== null && givenSecret === null) {
    throw new Error('DATABASE_URL is set but SECRET is not: every process sharing the database must sign tokens with the same SECRET (a long random string); set SECRET');
  }
  const base: Config = {
    port: intEnv('PORT', source, 3000),
    host: env('HOST', source) ?? '0.0.0.0',
    dataDir,
    publicUrl: env('PUBLIC_URL', source)?.replace(/\/+$/, '') ?? null,
    secret: givenSecret ?? loadOrCreateSecret(dataDir),
    databaseUrl,
    internalUrl: env('INTERNAL_URL', source)?.replace(/\/+$/, '') ?? null,
    leaseMs: intEnv('LEASE_MS', source, 8000),
    internalPort: intEnv('INTERNAL_PORT', source, 0),
    redisUrl: env('REDIS_URL', source),
    adminToken: env('ADMIN_TOKEN', source),
    tls: certFile && keyFile ? { cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8') } : null,
    tokenTtl: {
      moderator: intEnv('MODERATOR_TOKEN_DAYS', source, 180) * day,
      participant: intEnv('PARTICIPANT_TOKEN_DAYS', source, 30) * day,
    },
    maxYjsFrameBytes: intEnv('MAX_YJS_FRAME_BYTES', source, 1024 * 1024),
    maxBodyBytes: intEnv('MAX_BODY_BYTES', source, 64 * 1024),
    roomIdleMs: intEnv('ROOM_IDLE_MS', source, 60_000),
    compactAfterUpdates: intEnv('COMPACT_AFTER_UPDATES', source, 500),
    compactLogPercent: intEnv('COMPACT_LOG_PERCENT', source, 100),
    compactLullMs: intEnv('COMPACT_LULL_MS', source, DefaultCompactLullMs),
    fanoutWindowMs: intEnv('FANOUT_WINDOW_MS', source, DefaultFanoutWindowMs),
    logLevel: env('LOG_LEVEL', source) ?? 'info',
    serverId: env('SERVER_ID', source) ?? randomBytes(6).toString('base64url'),
    maxPhotoBytes: intEnv('PHOTO_MAX_BYTES', source, DefaultPhotoMaxBytes),
    retentionDays: intEnv('RETENTION_DAYS', source, 365),
    trustProxy: parseTrustProxy(env('TRUST_PROXY', source)),
    limits: limitsFrom(source),
    allowedOrigins: originsEnv('ALLOWED_ORIGINS', source),
    maxUnauthenticatedPerAddress: intEnv('MAX_UNAUTHENTICATED_PER_ADDRESS', source, 64),
    upgradesPerMinute: intEnv('UPGRADES_PER_MINUTE', source, 60),
    maxEarlyFrames: intEnv('MAX_EARLY_FRAMES', source, 32),
    maxEarlyBytes: intEnv('MAX_EARLY_BYTES', source, 2 * 1024 * 1024),
    metricsPort: env('METRICS_PORT', source) === null ? null : intEnv('METRICS_PORT', source, 0),
  };
  const config = { ...base, ...overrides };
  if (config.metricsPort !== null && config.metricsPort !== 0 && config.metricsPort === config.port) {
    throw new Error(`METRICS_PORT must differ from PORT (${config.port}): /metrics is never served on the public port`);
  }
  return config;
}
