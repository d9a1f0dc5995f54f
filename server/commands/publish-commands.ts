/** Publishing the results (`/r/<sessionId>` exists) and taking them down; both go into the record. */
import { can } from '../../shared/permissions.ts';
import { ensureDisclosure, publicResultsUrl } from '../results/disclosure.ts';
import type { CommandResultOf } from '../../shared/commands.ts';
import { defineCommand, type CommandContext, type CommandResult } from './command-types.ts';
import { fail } from './board-access.ts';

/** What the disclosure commands need beyond the command context. */
export interface DisclosureCommandDeps {
  /** PUBLIC_URL or the server's address. */
  publicUrl: () => string;
}

async function setPublished(ctx: CommandContext, deps: DisclosureCommandDeps, publish: boolean): Promise<CommandResult<CommandResultOf<'session:publish'>>> {
  const allowed = can(ctx.actor, publish ? 'session:publish' : 'session:unpublish');
  if (!allowed.ok) return allowed;
  const session = await ctx.storage.getSession(ctx.actor.sessionId);
  if (!session) return fail('NOT_FOUND', 'The session no longer exists.');
  const disclosure = await ensureDisclosure(ctx.storage, session.id);
  const url = publicResultsUrl(deps.publicUrl(), session.id);
  if ((disclosure.publishedAt !== null) === publish) {
    // Already so: nothing changes and nothing is recorded again.
    return { ok: true, result: { published: publish, publishedAt: disclosure.publishedAt, url } };
  }
  const publishedAt = publish ? ctx.now : null;
  const result = { published: publish, publishedAt, url };
  await ctx.storage.commit([
    { op: 'disclosure.publish', sessionId: session.id, publishedAt },
    { op: 'record.append', entry: { sessionId: session.id, boardId: null, actorId: ctx.actor.participantId, kind: publish ? 'session.published' : 'session.unpublished', data: {}, at: ctx.now } },
    ...ctx.finalOps(result),
  ]);
  ctx.notify.toSession(session.id, 'session:changed', { published: publish });
  return { ok: true, result };
}

/** `session:publish` and `session:unpublish`. */
export function publishCommands(deps: DisclosureCommandDeps) {
  return {
    'session:publish': defineCommand('session:publish', (ctx) => setPublished(ctx, deps, true)),
    'session:unpublish': defineCommand('session:unpublish', (ctx) => setPublished(ctx, deps, false)),
  };
}
