/** The command table: event name → handler. Typed as a Record so a command without a handler fails to compile. */
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

/** Commands built with configuration (the public base URL) rather than declared statically. */
type ConfiguredCommand = 'session:publish' | 'session:unpublish' | 'item:escalate' | 'escalation:update';

/** Commands built with the app's services (session deletion unloads boards, closes connections, logs). */
type ServiceCommand = 'session:delete';

const table: Record<Exclude<CommandName, ConfiguredCommand | ServiceCommand>, CommandDefinition> = {
  'note:add': noteAdd as CommandDefinition,
  'note:edit': noteEdit as CommandDefinition,
  'note:move': noteMove as CommandDefinition,
  'note:delete': noteDelete as CommandDefinition,
  'cluster:add': clusterAdd as CommandDefinition,
  'cluster:rename': clusterRename as CommandDefinition,
  'cluster:delete': clusterDelete as CommandDefinition,
  'cluster:merge': clusterMerge as CommandDefinition,
  'action:add': actionAdd as CommandDefinition,
  'action:delete': actionDelete as CommandDefinition,
  'phase:set': phaseSet as CommandDefinition,
  'settings:set': settingsSet as CommandDefinition,
  'vote:cast': voteCast as CommandDefinition,
  'vote:retract': voteRetract as CommandDefinition,
  'vote:mine': voteMine as CommandDefinition,
  'vote:status': voteStatus as CommandDefinition,
  'vote:reveal': voteReveal as CommandDefinition,
  'vote:reopen': voteReopen as CommandDefinition,
  'timer:start': timerStart as CommandDefinition,
  'timer:pause': timerPause as CommandDefinition,
  'timer:reset': timerReset as CommandDefinition,
  'spotlight:set': spotlightSet as CommandDefinition,
  'board:lock': boardLock as CommandDefinition,
  'board:bring': boardBring as CommandDefinition,
  'ready:set': readySet as CommandDefinition,
  'participant:kick': participantKick as CommandDefinition,
  'record:undo': recordUndo as CommandDefinition,
  'notes:held': notesHeld as CommandDefinition,
  'notes:reveal': notesReveal as CommandDefinition,
  'note:approve': noteApprove as CommandDefinition,
  'note:reject': noteReject as CommandDefinition,
  'note:hide': noteHide as CommandDefinition,
  'note:restore': noteRestore as CommandDefinition,
  'note:mergeInto': noteMergeInto as CommandDefinition,
  'suggest:similar': suggestSimilar as CommandDefinition,
  'session:joining': sessionJoining as CommandDefinition,
  'session:rotateCode': sessionRotateCode as CommandDefinition,
  'topic:propose': topicPropose as CommandDefinition,
  'topic:accept': topicAccept as CommandDefinition,
  'topic:merge': topicMerge as CommandDefinition,
  'topic:decline': topicDecline as CommandDefinition,
  'space:add': spaceAdd as CommandDefinition,
  'slot:add': slotAdd as CommandDefinition,
  'agenda:place': agendaPlace as CommandDefinition,
  'board:enter': boardEnter as CommandDefinition,
  'session:converge': sessionConverge as CommandDefinition,
  'advice:add': adviceAdd as CommandDefinition,
  'backchannel:send': backchannelSend as CommandDefinition,
  'backchannel:history': backchannelHistory as CommandDefinition,
  'facilitation:handover': facilitationHandover as CommandDefinition,
  'action:update': actionUpdate as CommandDefinition,
};

export function registerCommands(bus: CommandBus, deps: DisclosureCommandDeps = { publicUrl: () => '' }, services?: Record<ServiceCommand, CommandDefinition>): void {
  const configured: Record<ConfiguredCommand, CommandDefinition> = {
    ...(publishCommands(deps) as Record<'session:publish' | 'session:unpublish', CommandDefinition>),
    ...(escalationCommands(deps) as Record<'item:escalate' | 'escalation:update', CommandDefinition>),
  };
  for (const [name, def] of Object.entries({ ...table, ...configured, ...services })) bus.register(name, def);
}
