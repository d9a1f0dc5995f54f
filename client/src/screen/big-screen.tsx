/** The big screen on the projector: read-only, large type. (Being built.) */
import type { BoardScreenProps } from '../screen-props.ts';
import { NotesList } from '../board-shell.tsx';

export function BigScreen({ conn }: BoardScreenProps) {
  return <NotesList conn={conn} />;
}
