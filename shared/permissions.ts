/**
 * `can(actor, command, state)`: the one place that says who may do what in which phase.
 * The server enforces it; the client imports it to show only what the server would accept.
 * docs/API.md has the same rules as a table.
 */
import type { Phase } from './board-schema.ts';
import type { CommandName } from './commands.ts';
import { wireError, type WireError } from './errors.ts';
import type { Actor, Role } from './roles.ts';

/** What the rules need to know about the board (and the target, when there is one). */
export interface BoardState {
  phase: Phase;
  locked: boolean;
  residentsSort: boolean;
  /** Author of the target note, for commands that act on one. */
  targetAuthorId?: string | null;
  /** The convener of a breakout board (null on the plenary). */
  convenerId?: string | null;
  /** `vote:reveal` closed voting on the board (`board.voting`); absent: open. */
  votingClosed?: boolean;
}

/** Allowed, or the error the server answers. */
export type Permission = { ok: true } | { ok: false; error: WireError };

const allow: Permission = { ok: true };
const deny = (code: 'FORBIDDEN' | 'PHASE' | 'LOCKED' | 'VOTE_CLOSED', message: string): Permission => ({ ok: false, error: wireError(code, message) });

type Rule = (actor: Actor, state: BoardState | undefined) => Permission;

const moderators = new Set<Role>(['facilitator', 'expert']);
const voters = new Set<Role>(['facilitator', 'expert', 'resident']);

/** Moderators only, in any phase. */
const moderatorOnly = (what: string): Rule => (actor) => (moderators.has(actor.role) ? allow : deny('FORBIDDEN', `Only a facilitator or an expert can ${what}.`));

const inPhase = (state: BoardState | undefined, phases: Phase[], message: string): Permission =>
  state && phases.includes(state.phase) ? allow : deny('PHASE', message);

/** After the reveal the count is final: a dot cast or taken back later would change what the hall saw. */
const openVote = (state: BoardState | undefined, inVotePhase: Permission): Permission =>
  inVotePhase.ok && state?.votingClosed ? deny('VOTE_CLOSED', 'Voting on this board is closed: the result has been revealed.') : inVotePhase;

const own = (actor: Actor, state: BoardState | undefined) => state?.targetAuthorId != null && state.targetAuthorId === actor.participantId;

/** One rule per command. Residents are also refused everything on a locked board (see `can`). */
const rules: Record<CommandName, Rule> = {
  'note:add': (a, s) => (moderators.has(a.role) ? allow : inPhase(s, ['gather'], 'Concerns can be added during the gather step.')),
  'note:edit': (a, s) => {
    if (moderators.has(a.role)) return allow;
    if (!own(a, s)) return deny('FORBIDDEN', 'You can change only your own concerns.');
    return inPhase(s, ['gather'], 'Concerns can be changed during the gather step.');
  },
  'note:delete': (a, s) => {
    if (moderators.has(a.role)) return allow;
    if (!own(a, s)) return deny('FORBIDDEN', 'You can delete only your own concerns.');
    return inPhase(s, ['gather'], 'Concerns can be deleted during the gather step.');
  },
  'note:move': (a, s) => {
    if (moderators.has(a.role)) return allow;
    if (!s?.residentsSort) return deny('FORBIDDEN', 'Only the facilitator sorts concerns into themes here.');
    return inPhase(s, ['cluster'], 'Concerns can be sorted during the cluster step.');
  },
  'cluster:add': moderatorOnly('create themes'),
  'cluster:rename': moderatorOnly('rename themes'),
  'cluster:delete': moderatorOnly('delete themes'),
  'cluster:merge': moderatorOnly('merge themes'),
  'action:add': moderatorOnly('create action items'),
  'action:delete': moderatorOnly('delete action items'),
  'phase:set': moderatorOnly('move the procedure on'),
  'settings:set': (a) => (a.role === 'facilitator' ? allow : deny('FORBIDDEN', 'Only a facilitator changes settings.')),
  'vote:cast': (a, s) => (voters.has(a.role) ? openVote(s, inPhase(s, ['vote'], 'Voting is open only during the vote step.')) : deny('FORBIDDEN', 'The big screen does not vote.')),
  'vote:retract': (a, s) => (voters.has(a.role) ? openVote(s, inPhase(s, ['vote'], 'Votes can be taken back only during the vote step.')) : deny('FORBIDDEN', 'The big screen does not vote.')),
  'vote:mine': (a) => (voters.has(a.role) ? allow : deny('FORBIDDEN', 'The big screen has no dots.')),
  'vote:status': moderatorOnly('see voting progress'),
  'vote:reveal': (a, s) => {
    const m = moderatorOnly('reveal the votes')(a, s);
    return m.ok ? inPhase(s, ['vote', 'act', 'done'], 'Votes can be revealed from the vote step on.') : m;
  },
  'vote:reopen': moderatorOnly('reopen the vote'),
  'timer:start': moderatorOnly('run the timer'),
  'timer:pause': moderatorOnly('run the timer'),
  'timer:reset': moderatorOnly('run the timer'),
  'spotlight:set': moderatorOnly('set the spotlight'),
  'board:lock': moderatorOnly('lock a board'),
  'board:bring': moderatorOnly('bring everyone to a board'),
  'ready:set': (a) => (voters.has(a.role) ? allow : deny('FORBIDDEN', 'The big screen cannot signal ready.')),
  'participant:kick': moderatorOnly('remove participants'),
  'record:undo': moderatorOnly('undo from the record'),
  'notes:held': (a) => (voters.has(a.role) ? allow : deny('FORBIDDEN', 'The big screen sees only what is on the board.')),
  'notes:reveal': moderatorOnly('reveal private notes'),
  'note:approve': moderatorOnly('screen concerns'),
  'note:reject': moderatorOnly('screen concerns'),
  'note:hide': moderatorOnly('hide concerns'),
  'note:restore': moderatorOnly('restore hidden concerns'),
  'note:mergeInto': moderatorOnly('merge similar concerns'),
  'suggest:similar': moderatorOnly('ask for similar concerns'),
  'session:joining': (a) => (a.role === 'facilitator' ? allow : deny('FORBIDDEN', 'Only a facilitator opens or closes joining.')),
  'session:rotateCode': (a) => (a.role === 'facilitator' ? allow : deny('FORBIDDEN', 'Only a facilitator changes the join code.')),
  'session:delete': (a) => (a.role === 'facilitator' ? allow : deny('FORBIDDEN', 'Only a facilitator deletes the session.')),
  'topic:propose': (a, s) => (voters.has(a.role) ? inPhase(s, ['gather'], 'Topics are proposed while the plenary gathers.') : deny('FORBIDDEN', 'The big screen cannot propose topics.')),
  'topic:accept': moderatorOnly('accept topics'),
  'topic:merge': moderatorOnly('merge topics'),
  'topic:decline': moderatorOnly('decline topics'),
  'space:add': moderatorOnly('define spaces'),
  'slot:add': moderatorOnly('define time slots'),
  'agenda:place': moderatorOnly('place topics on the agenda wall'),
  'board:enter': () => allow,
  'session:converge': (a) => (a.role === 'facilitator' ? allow : deny('FORBIDDEN', 'Only a facilitator brings the breakouts together.')),
  'advice:add': moderatorOnly('give expert advice'),
  'backchannel:send': moderatorOnly('use the back-channel'),
  'backchannel:history': moderatorOnly('read the back-channel'),
  'facilitation:handover': (a) => (a.role === 'facilitator' ? allow : deny('FORBIDDEN', 'Only a facilitator hands over the facilitation.')),
  'session:publish': (a) => (a.role === 'facilitator' ? allow : deny('FORBIDDEN', 'Only a facilitator publishes the results.')),
  'session:unpublish': (a) => (a.role === 'facilitator' ? allow : deny('FORBIDDEN', 'Only a facilitator takes the results down.')),
  // Owners who are not moderators update through a follow-up link (HTTP), not as participants.
  'action:update': moderatorOnly('update action items'),
  'item:escalate': moderatorOnly('escalate items to another session'),
  // Only the receiving session's moderators: the handler checks the escalation is addressed to the actor's session.
  'escalation:update': moderatorOnly('act on escalated items'),
};

/** What a convener may do on their own breakout board, as a moderator would (nothing elsewhere). */
const convenerMay = new Set<CommandName>([
  'phase:set', 'cluster:add', 'cluster:rename', 'cluster:delete', 'cluster:merge', 'action:add', 'action:delete',
  'note:move', 'note:mergeInto', 'suggest:similar', 'notes:reveal', 'vote:reveal', 'vote:reopen', 'vote:status',
  'timer:start', 'timer:pause', 'timer:reset', 'spotlight:set',
]);

/** The role whose rules apply: a resident convening this board moderates it. */
export function effectiveRole(actor: Actor, state?: BoardState): Role {
  return actor.role === 'resident' && state?.convenerId != null && state.convenerId === actor.participantId ? 'expert' : actor.role;
}

/** Commands a resident may still use on a locked board (reading only). */
const readOnWhileLocked = new Set<CommandName>(['vote:mine', 'notes:held']);

/** Decides whether `actor` may run `command`; `state` is the board's, absent for session-level commands. */
export function can(actor: Actor, command: CommandName, state?: BoardState): Permission {
  // The big screen only follows: it may move between boards and ask how many still have dots (a count), nothing else.
  if (actor.role === 'screen') return command === 'board:enter' || command === 'vote:status' ? allow : deny('FORBIDDEN', 'The big screen is read-only.');
  if (effectiveRole(actor, state) === 'expert' && actor.role === 'resident' && convenerMay.has(command)) {
    return rules[command]({ ...actor, role: 'expert' }, state);
  }
  if (actor.role === 'resident' && state?.locked && !readOnWhileLocked.has(command) && command !== 'board:enter') {
    return deny('LOCKED', 'The facilitator has locked this board for a moment.');
  }
  return rules[command](actor, state);
}
