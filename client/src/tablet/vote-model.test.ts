import { describe, expect, it } from 'vitest';
import type { CommandAck } from '../board-connection.ts';
import { VoteModel } from './vote-model.ts';

/** A fake server with the real rules (budget, cap), answering when the test says so. */
function fakeServer(budget = 3, cap = 2) {
  const dots: Record<string, number> = {};
  const spent = () => Object.values(dots).reduce((a, b) => a + b, 0);
  const queue: (() => void)[] = [];
  const sent: string[] = [];
  const send = (name: string, payload: object): Promise<CommandAck> => {
    sent.push(name);
    const p = payload as { targetId?: string };
    return new Promise((resolve) => {
      queue.push(() => {
        if (name === 'vote:mine') return resolve({ ok: true, votes: { ...dots }, remaining: budget - spent(), dotsPerParticipant: budget });
        const t = p.targetId!;
        if (name === 'vote:cast') {
          if (spent() >= budget) return resolve({ ok: false, error: { code: 'BUDGET', message: 'no dots' } });
          if ((dots[t] ?? 0) >= cap) return resolve({ ok: false, error: { code: 'CAP', message: 'cap' } });
          dots[t] = (dots[t] ?? 0) + 1;
        } else {
          if (!dots[t]) return resolve({ ok: false, error: { code: 'NOT_FOUND', message: 'none' } });
          dots[t]!--;
        }
        resolve({ ok: true, remaining: budget - spent(), onTarget: dots[t] ?? 0 });
      });
    });
  };
  const answerAll = async () => {
    while (queue.length) {
      queue.shift()!();
      await Promise.resolve();
      await Promise.resolve();
    }
  };
  return { send, answerAll, dots, sent };
}

describe('VoteModel', () => {
  it('loads my dots and budget, and shows a tap at once before the server confirms it', async () => {
    const server = fakeServer(3, 2);
    const m = new VoteModel(server.send, 'b1');
    expect(m.remaining.value).toBeNull();
    const loading = m.load();
    await server.answerAll();
    await loading;
    expect(m.remaining.value).toBe(3);
    const cast = m.cast('n1');
    expect(m.dotsOn('n1')).toBe(1);
    expect(m.remaining.value).toBe(2);
    await server.answerAll();
    expect(await cast).toBe(true);
    expect(m.dotsOn('n1')).toBe(1);
    expect(m.remaining.value).toBe(2);
  });

  it('respects the cap per item and the budget, and explains a refusal', async () => {
    const server = fakeServer(3, 2);
    const m = new VoteModel(server.send, 'b1');
    void m.load();
    await server.answerAll();
    void m.cast('n1');
    void m.cast('n1');
    await server.answerAll();
    expect(m.canCast('n1', 2)).toBe(false);
    expect(m.canCast('n2', 2)).toBe(true);
    // Tapped anyway (two quick taps while the first was in flight): the server says CAP, the dot goes away.
    const over = m.cast('n1');
    expect(m.dotsOn('n1')).toBe(3);
    await server.answerAll();
    expect(await over).toBe(false);
    expect(m.refusal.value).toBe('CAP');
    await server.answerAll(); // the reload after a refusal
    expect(m.dotsOn('n1')).toBe(2);
    expect(m.remaining.value).toBe(1);
    void m.cast('n2');
    await server.answerAll();
    expect(m.remaining.value).toBe(0);
    expect(m.canCast('n3', 2)).toBe(false);
    const none = m.cast('n3');
    await server.answerAll();
    expect(await none).toBe(false);
    expect(m.refusal.value).toBe('BUDGET');
    await server.answerAll();
    expect(m.remaining.value).toBe(0);
    expect(m.dotsOn('n3')).toBe(0);
  });

  it('takes a dot back; never retracts from an item without my dots', async () => {
    const server = fakeServer(3, 2);
    const m = new VoteModel(server.send, 'b1');
    void m.load();
    await server.answerAll();
    void m.cast('t1');
    await server.answerAll();
    expect(await m.retract('t2')).toBe(false);
    expect(server.sent.filter((s) => s === 'vote:retract')).toHaveLength(0);
    const back = m.retract('t1');
    expect(m.dotsOn('t1')).toBe(0);
    await server.answerAll();
    expect(await back).toBe(true);
    expect(m.remaining.value).toBe(3);
    expect(m.refusal.value).toBeNull();
  });
});
