/** The facilitator's and expert's console. (Being built.) */
import type { BoardScreenProps } from '../screen-props.ts';
import { NotesList } from '../board-shell.tsx';

export function ConsoleScreen({ conn }: BoardScreenProps) {
  return <NotesList conn={conn} />;
}
