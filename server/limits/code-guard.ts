/**
 * The wrong-code rule. Codes that name something (join, invite, owner-link, escalation codes,
 * the admin token) are counted when they name nothing, per client address and across all
 * addresses; past either limit the answer is 429 RATE_LIMITED with Retry-After.
 *
 * Telling a guesser "429" for wrong codes but "200" for right ones would keep the oracle open
 * at any speed, so a blocked address gets 429 for every *guessable* code it has not used
 * successfully before, right or wrong. A hall behind one NAT keeps joining because its code
 * is known at its address: from the facilitator creating the session or opening the console
 * there, or from the first resident who joined. Invite and owner-link codes carry 128+ random
 * bits, so answering them teaches a guesser nothing: their right codes always pass.
 */
import { createHmac } from 'node:crypto';
import { DomainError, type ErrorCode } from '../../shared/errors.ts';
import type { LimitStore, Rule, WindowCount } from './limit-store.ts';

export type CodeKind = 'join' | 'invite' | 'followUp' | 'escalation' | 'admin';

/** Codes short (or chosen) enough that guessing them at speed could succeed. */
const guessable: Record<CodeKind, boolean> = { join: true, escalation: true, admin: true, invite: false, followUp: false };

export interface CodeGuardOptions {
  store: LimitStore;
  /** Wrong codes per client address. */
  perAddress: Rule;
  /** Wrong codes from all addresses together. */
  global: Rule;
  /** Keys the digests of codes remembered per address, so the store never holds a code. */
  secret: string;
  /** How long a code used successfully at an address stays known there. */
  knownForMs: number;
}

const minutes = (ms: number) => Math.max(1, Math.ceil(ms / 60_000));

/** The 429 a route throws: RATE_LIMITED with the seconds until the window that refused it ends. */
export function rateLimited(message: string, resetMs: number): DomainError {
  return new DomainError('RATE_LIMITED', message, { retryAfterSeconds: Math.max(1, Math.ceil(resetMs / 1000)) });
}

export class CodeGuard {
  constructor(private readonly opts: CodeGuardOptions) {}

  /**
   * Runs `use` (which looks the code up and acts on it) under the rule. `use` throws an
   * DomainError with `wrongCode` (NOT_FOUND by default) when the code names nothing; that
   * error passes through, or becomes 429 once the limit is crossed.
   */
  async attempt<T>(address: string, kind: CodeKind, code: string, use: () => Promise<T>, wrongCode: ErrorCode = 'NOT_FOUND'): Promise<T> {
    const isWrong = (err: unknown) => err instanceof DomainError && err.code === wrongCode;
    if (!guessable[kind] || (await this.isKnown(address, kind, code))) {
      try {
        return await use();
      } catch (err) {
        if (isWrong(err)) this.refuseIfOver(await this.count(address, 1));
        throw err;
      }
    }
    // An unknown guessable code: reserve a wrong attempt first, so concurrent guesses cannot
    // all slip through before any of them is counted; a right code gives it back.
    const counts = await this.count(address, 1);
    if (this.over(counts)) {
      await this.count(address, -1);
      this.refuseIfOver(counts);
    }
    try {
      const result = await use();
      await Promise.all([this.count(address, -1), this.remember(address, kind, code)]);
      return result;
    } catch (err) {
      if (!isWrong(err)) await this.count(address, -1);
      throw err;
    }
  }

  /** Marks a code as known at an address (it was handed out or used there). */
  async remember(address: string, kind: CodeKind, code: string): Promise<void> {
    if (guessable[kind]) await this.opts.store.add(this.knownKey(address, kind, code), 1, this.opts.knownForMs);
  }

  private async isKnown(address: string, kind: CodeKind, code: string): Promise<boolean> {
    return (await this.opts.store.add(this.knownKey(address, kind, code), 0, this.opts.knownForMs)).count > 0;
  }

  private knownKey(address: string, kind: CodeKind, code: string): string {
    // Codes are compared as typed forms normalise them: case, spaces and dashes do not matter.
    const canonical = kind === 'join' || kind === 'escalation' ? code.toUpperCase().replace(/[\s-]+/g, '') : code;
    return `known:${address}:${createHmac('sha256', this.opts.secret).update(`${kind}\0${canonical}`).digest('base64url').slice(0, 22)}`;
  }

  private async count(address: string, delta: number): Promise<{ address: WindowCount | null; global: WindowCount | null }> {
    const { perAddress, global, store } = this.opts;
    const [a, g] = await Promise.all([
      perAddress.max > 0 ? store.add(`wrong:${address}`, delta, perAddress.windowMs) : null,
      global.max > 0 ? store.add('wrong:*', delta, global.windowMs) : null,
    ]);
    return { address: a, global: g };
  }

  private over(c: { address: WindowCount | null; global: WindowCount | null }): boolean {
    return (c.address !== null && c.address.count > this.opts.perAddress.max) || (c.global !== null && c.global.count > this.opts.global.max);
  }

  private refuseIfOver(c: { address: WindowCount | null; global: WindowCount | null }): void {
    if (c.address && c.address.count > this.opts.perAddress.max) {
      throw rateLimited(`Too many wrong codes were tried from your network. Check the code and try again in about ${minutes(c.address.resetMs)} min.`, c.address.resetMs);
    }
    if (c.global && c.global.count > this.opts.global.max) {
      throw rateLimited(`Too many wrong codes are being tried right now. Try again in about ${minutes(c.global.resetMs)} min.`, c.global.resetMs);
    }
  }
}
