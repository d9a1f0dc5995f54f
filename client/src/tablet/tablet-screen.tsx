/** The resident's tablet: add concerns, sort, vote, co-draft actions, open space. (Being built.) */
import type { BoardScreenProps } from '../screen-props.ts';
import { NotesList } from '../board-shell.tsx';

export function TabletScreen({ conn }: BoardScreenProps) {
  return <NotesList conn={conn} />;
}
