/**
 * The Socket.IO rooms a connection joins (socket-server.ts) and pushes are sent to (notifier.ts,
 * the roster): named once here so the two sides cannot drift apart. Through the Redis adapter
 * these names are shared by every process, so they must not change while processes of two
 * versions run side by side.
 */

/** Every connection of a session. */
export const sessionRoom = (sessionId: string): string => `s:${sessionId}`;

/** The session's facilitators and experts (conveners are residents and are not in it). */
export const moderatorRoom = (sessionId: string): string => `m:${sessionId}`;

/** Every connection of one participant (all their devices and tabs). */
export const participantRoom = (participantId: string): string => `p:${participantId}`;
