/** The owner follow-up model over fake HTTP calls: loading, 404, an update replacing the action, errors kept per action. */
import { describe, expect, it } from 'vitest';
import type { FollowUpView, PublicAction } from '../../../shared/results.ts';
import { ApiError } from '../api.ts';
import { FollowUpModel } from './follow-up-model.ts';
import type { FollowUpUpdate } from './results-api.ts';

const action = (id: string, over: Partial<PublicAction> = {}): PublicAction => ({
  id, boardId: 'b', title: id, owner: 'Office', due: null, status: 'planned', overdue: false, themeId: null, updates: [], escalation: null, advice: [], from: null, ...over,
});

const view: FollowUpView = { sessionId: 's', sessionTitle: 'T', label: 'Office', publicUrl: null, published: true, actions: [action('a1'), action('a2')] };
const flush = () => new Promise((r) => setTimeout(r, 0));

describe('FollowUpModel', () => {
  it('says not-found for an unknown or withdrawn code', async () => {
    const m = new FollowUpModel('x', { load: async () => Promise.reject(new ApiError('NOT_FOUND', 'gone', 404)), send: async () => action('a1') });
    await flush();
    expect(m.state.value).toEqual({ kind: 'not-found' });
  });

  it('replaces the updated action with the server’s answer and remembers each action’s last result', async () => {
    const sent: FollowUpUpdate[] = [];
    const m = new FollowUpModel('code', {
      load: async () => view,
      send: async (_code, u) => {
        sent.push(u);
        if (u.actionId === 'a2') throw new ApiError('FORBIDDEN', 'not yours', 403);
        return action('a1', { status: 'done', updates: [{ at: 1, status: 'done', note: u.note, by: 'owner', label: 'Office' }] });
      },
    });
    await flush();
    expect(await m.update(view.actions[0]!, 'Fixed', 'done')).toBe(true);
    expect(sent[0]).toEqual({ boardId: 'b', actionId: 'a1', note: 'Fixed', status: 'done' });
    const state = m.state.value;
    expect(state.kind === 'ready' && state.view.actions[0]!.status).toBe('done');
    expect(m.resultFor(view.actions[0]!)).toEqual({ ok: true });
    expect(await m.update(view.actions[1]!, 'Note only', null)).toBe(false);
    expect(sent[1]).toEqual({ boardId: 'b', actionId: 'a2', note: 'Note only' });
    expect(m.resultFor(view.actions[1]!)).toEqual({ ok: false, code: 'FORBIDDEN' });
    expect(m.isSending(view.actions[1]!)).toBe(false);
  });
});
