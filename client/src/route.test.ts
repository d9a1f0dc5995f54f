import { describe, expect, it } from 'vitest';
import { boardPath, parseRoute } from './route.ts';

describe('parseRoute', () => {
  it('reads the three routes', () => {
    expect(parseRoute('/')).toEqual({ name: 'landing', joinCode: null });
    expect(parseRoute('/j/ACDE-FGHJ')).toEqual({ name: 'landing', joinCode: 'ACDE-FGHJ' });
    expect(parseRoute('/b/s1/b2')).toEqual({ name: 'board', sessionId: 's1', boardId: 'b2' });
  });

  it('round-trips board paths and rejects anything else', () => {
    expect(parseRoute(boardPath('s 1', 'b/2'))).toEqual({ name: 'board', sessionId: 's 1', boardId: 'b/2' });
    expect(parseRoute('/b/only-one')).toEqual({ name: 'not-found' });
    expect(parseRoute('/x')).toEqual({ name: 'not-found' });
  });
});
