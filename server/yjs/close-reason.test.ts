import { describe, expect, it } from 'vitest';
import { closeReason } from './close-reason.ts';

const bytes = (s: string) => new TextEncoder().encode(s).length;

describe('closeReason: what fits a WebSocket close frame', () => {
  it('keeps a short reason as it is', () => {
    expect(closeReason('too many update frames: reconnect later')).toBe('too many update frames: reconnect later');
  });

  it('cuts a long reason to at most 120 bytes and says so', () => {
    const r = closeReason(`field ${'x'.repeat(500)} is not writable`);
    expect(bytes(r)).toBe(120);
    expect(r).toMatch(/^field x+\.\.\.$/);
  });

  it('cuts between characters, never inside one (Chinese text, emoji, a lone surrogate)', () => {
    for (const text of ['意见'.repeat(100), '🗳️'.repeat(60), `${'a'.repeat(115)}\ud800${'b'.repeat(20)}`]) {
      const r = closeReason(text);
      expect(bytes(r)).toBeLessThanOrEqual(120);
      expect(r.endsWith('...')).toBe(true);
      expect(text.startsWith(r.slice(0, -3))).toBe(true);
    }
  });

  it('keeps a reason on one line', () => {
    expect(closeReason('key "a\nb\u0000" refused')).toBe('key "a?b?" refused');
  });
});
