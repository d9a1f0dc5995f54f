/**
 * Abuse limits, assembled from configuration: the wrong-code rule (code-guard.ts), quotas on
 * creating sessions, invites and photo uploads, and the client address they are counted by.
 * Counts live in Redis when REDIS_URL is set (shared by every process), else in memory; either
 * way a failing store lets requests through (limit-store.ts).
 */
import type { IncomingMessage } from 'node:http';
import { normalizeJoinCode } from '../../shared/join-code.ts';
import { DomainError, type WireError } from '../../shared/errors.ts';
import type { Storage } from '../storage/storage.ts';
import { addressKey, clientAddress, trustFunction, type TrustProxy } from './client-address.ts';
import { CodeGuard, rateLimited } from './code-guard.ts';
import { failOpen, type LimitStore, type Rule } from './limit-store.ts';
import { type LimitsConfig } from './limits-config.ts';
import { createMemoryLimitStore } from './memory-limit-store.ts';
import { createRedisLimitStore } from './redis-limit-store.ts';

export interface Limits {
  readonly codes: CodeGuard;
  /** The address limits count a request or handshake under (TRUST_PROXY decides whether X-Forwarded-For counts). */
  addressOf(req: IncomingMessage): string;
  /** Counts a session creation by an address; 429 past LIMIT_SESSIONS. */
  createSession(address: string): Promise<void>;
  /** Counts an invite by a facilitator; 429 past LIMIT_INVITES. */
  createInvite(participantId: string): Promise<void>;
  /** Counts a photo upload by a participant and an address; 429 past either limit. */
  uploadPhoto(participantId: string, address: string): Promise<void>;
  /** For Socket.IO commands that carry a code (`item:escalate`): an error to answer instead, or null to go on. */
  checkCommand(event: string, payload: unknown, address: string): Promise<WireError | null>;
  close(): Promise<void>;
}

export interface LimitsDeps {
  limits: LimitsConfig;
  trustProxy: TrustProxy;
  redisUrl: string | null;
  secret: string;
  storage: Pick<Storage, 'getDisclosureByCode'>;
  log: { warn(msg: string): void };
}

const minute = 60_000;

export async function createLimits(deps: LimitsDeps): Promise<Limits> {
  const { limits } = deps;
  const raw: LimitStore = deps.redisUrl
    ? await createRedisLimitStore({ url: deps.redisUrl, keyPrefix: limits.keyPrefix })
    : createMemoryLimitStore();
  const store = failOpen(raw, deps.log);
  const trust = trustFunction(deps.trustProxy);
  const codes = new CodeGuard({ store, perAddress: limits.wrongCodes, global: limits.wrongCodesGlobal, secret: deps.secret, knownForMs: limits.knownCodeMs });

  /** Counts one use of `rule` under `key`; throws 429 when that passes the rule's max. */
  const take = async (rule: Rule, key: string, what: string) => {
    if (rule.max <= 0) return;
    const c = await store.add(key, 1, rule.windowMs);
    if (c.count > rule.max) throw rateLimited(`Too many ${what}; try again in about ${Math.max(1, Math.ceil(c.resetMs / minute))} min.`, c.resetMs);
  };

  return {
    codes,
    addressOf: (req) => addressKey(clientAddress(req.socket?.remoteAddress, req.headers, trust)),
    createSession: (address) => take(limits.sessions, `sessions:${address}`, 'new sessions from your network'),
    createInvite: (participantId) => take(limits.invites, `invites:${participantId}`, 'invites'),
    async uploadPhoto(participantId, address) {
      await take(limits.photos, `photos:${participantId}`, 'photo uploads');
      await take(limits.photosPerAddress, `photos:${address}`, 'photo uploads from your network');
    },
    async checkCommand(event, payload, address) {
      const code = event === 'item:escalate' ? (payload as { code?: unknown } | null)?.code : undefined;
      if (typeof code !== 'string') return null;
      try {
        await codes.attempt(address, 'escalation', code, async () => {
          if (!(await deps.storage.getDisclosureByCode(normalizeJoinCode(code)))) throw new DomainError('NOT_FOUND', 'No session has this escalation code.');
        });
      } catch (err) {
        // A wrong code is the command's own answer (it checks its board first); only a refusal is ours.
        // Anything else (a storage fault too) the command meets and answers itself.
        if (err instanceof DomainError && err.code === 'RATE_LIMITED') return err.toWire();
      }
      return null;
    },
    close: () => store.close(),
  };
}
