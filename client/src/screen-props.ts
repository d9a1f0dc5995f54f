/** What every live board screen (tablet, console, big screen) is given by the board shell. */
import type { BoardConnection } from './board-connection.ts';
import type { SessionInfo } from './session-info.ts';
import type { StoredSession } from './session-store.ts';

/** Props of a live board screen. The connection and identity live as long as the board is open. */
export interface BoardScreenProps {
  /** This device's token and role in the session. */
  stored: StoredSession;
  /** `GET /api/me`: title, name, join code and boards (refreshable). */
  info: SessionInfo;
  /** The board's document (as signals), command channel and server pushes. */
  conn: BoardConnection;
  boardId: string;
}
