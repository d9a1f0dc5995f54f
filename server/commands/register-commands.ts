/**
 * Every command, by event name, in one table: the one way a command reaches the bus. Typed as a
 * mapped type, so a command without a handler, or a handler under another command's name, fails
 * to compile. Commands that need the app's configuration or services are built here from `deps`.
 */
import type { CommandName } from '../../shared/commands.ts';
import type { CommandBus } from './command-bus.ts';
import type { CommandDefinition } from './command-types.ts';
import { noteAdd, noteDelete, noteEdit, noteMove } from './note-commands.ts';
import { clusterAdd, clusterDelete, clusterMerge, clusterRename } from './cluster-commands.ts';
import { actionAdd, actionDelete } from './action-commands.ts';
import { phaseSet } from './phase-commands.ts';
import { voteCast, voteMine, voteReopen, voteRetract, voteReveal, voteStatus } from './vote-commands.ts';
import { boardBring, boardLock, readySet, settingsSet, spotlightSet, timerPause, timerReset, timerStart } from './facilitation-commands.ts';
import { participantKick, recordUndo } from './moderation-commands.ts';
import { noteApprove, noteHide, noteReject, noteRestore, notesHeld, notesReveal } from './screening-commands.ts';
import { sessionJoining, sessionRotateCode } from './session-commands.ts';
import { noteMergeInto, suggestSimilar } from './similar-commands.ts';
import { sessionConverge } from './convergence-commands.ts';
import { agendaPlace, boardEnter, slotAdd, spaceAdd, topicAccept, topicDecline, topicMerge, topicPropose } from './open-space-commands.ts';
import { adviceAdd, backchannelHistory, backchannelSend, facilitationHandover } from './expert-commands.ts';
import { publishCommands, type DisclosureCommandDeps } from './publish-commands.ts';
import { actionUpdate } from './follow-up-commands.ts';
import { escalationCommands } from './escalation-commands.ts';
import { sessionDeleteCommand } from '../privacy/privacy-commands.ts';
import type { SessionDeletion } from '../privacy/session-deletion.ts';

/** What the commands built with the app need: the public base URL, and session deletion (it unloads boards, closes connections, logs). */
export interface CommandDeps extends DisclosureCommandDeps {
  deletion: SessionDeletion;
}

/** Each command name with the definition declared under that very name. */
export type CommandTable = { [N in CommandName]: CommandDefinition<N> };

/** The whole wire's handlers. */
export function commandTable(deps: CommandDeps): CommandTable {
  const publish = publishCommands(deps);
  const escalation = escalationCommands(deps);
  return {
    'note:add': noteAdd,
    'note:edit': noteEdit,
    'note:move': noteMove,
    'note:delete': noteDelete,
    'cluster:add': clusterAdd,
    'cluster:rename': clusterRename,
    'cluster:delete': clusterDelete,
    'cluster:merge': clusterMerge,
    'action:add': actionAdd,
    'action:delete': actionDelete,
    'phase:set': phaseSet,
    'settings:set': settingsSet,
    'vote:cast': voteCast,
    'vote:retract': voteRetract,
    'vote:mine': voteMine,
    'vote:status': voteStatus,
    'vote:reveal': voteReveal,
    'vote:reopen': voteReopen,
    'timer:start': timerStart,
    'timer:pause': timerPause,
    'timer:reset': timerReset,
    'spotlight:set': spotlightSet,
    'board:lock': boardLock,
    'board:bring': boardBring,
    'ready:set': readySet,
    'participant:kick': participantKick,
    'record:undo': recordUndo,
    'notes:held': notesHeld,
    'notes:reveal': notesReveal,
    'note:approve': noteApprove,
    'note:reject': noteReject,
    'note:hide': noteHide,
    'note:restore': noteRestore,
    'note:mergeInto': noteMergeInto,
    'suggest:similar': suggestSimilar,
    'session:joining': sessionJoining,
    'session:rotateCode': sessionRotateCode,
    'session:delete': sessionDeleteCommand(deps.deletion),
    'topic:propose': topicPropose,
    'topic:accept': topicAccept,
    'topic:merge': topicMerge,
    'topic:decline': topicDecline,
    'space:add': spaceAdd,
    'slot:add': slotAdd,
    'agenda:place': agendaPlace,
    'board:enter': boardEnter,
    'session:converge': sessionConverge,
    'advice:add': adviceAdd,
    'backchannel:send': backchannelSend,
    'backchannel:history': backchannelHistory,
    'facilitation:handover': facilitationHandover,
    'session:publish': publish['session:publish'],
    'session:unpublish': publish['session:unpublish'],
    'action:update': actionUpdate,
    'item:escalate': escalation['item:escalate'],
    'escalation:update': escalation['escalation:update'],
  };
}

/** Registers every command of the table on the bus. */
export function registerCommands(bus: CommandBus, deps: CommandDeps): void {
  for (const def of Object.values(commandTable(deps))) bus.register(def.name, def);
}
