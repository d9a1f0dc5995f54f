/** The command table: event name → handler. */
import type { CommandName } from '../../shared/commands.ts';
import type { LiveConnections } from '../realtime/live-connections.ts';
import type { CommandBus } from './command-bus.ts';
import type { CommandDefinition } from './command-types.ts';
import { noteAdd, noteDelete, noteEdit, noteMove } from './note-commands.ts';
import { phaseSet } from './phase-commands.ts';

export interface CommandServices {
  live: LiveConnections;
}

export function registerCommands(bus: CommandBus, _services: CommandServices): void {
  const table: Record<CommandName, CommandDefinition> = {
    'note:add': noteAdd as CommandDefinition,
    'note:edit': noteEdit as CommandDefinition,
    'note:move': noteMove as CommandDefinition,
    'note:delete': noteDelete as CommandDefinition,
    'phase:set': phaseSet as CommandDefinition,
  };
  for (const [name, def] of Object.entries(table)) bus.register(name, def);
}
