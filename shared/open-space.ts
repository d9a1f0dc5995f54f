/**
 * Open space in the plenary board's document: the marketplace of proposed topics, the spaces
 * and time slots, and the agenda wall. All of it is written by the server (commands) only.
 */
import type * as Y from 'yjs';
import { boardMap } from './board-doc.ts';

export { writeEntry } from './board-doc.ts';

/** Root map names for the open-space parts of the plenary document. */
export const OpenSpaceRoots = { topics: 'topics', spaces: 'spaces', slots: 'slots', advice: 'advice' } as const;

/** Where a proposed topic stands. */
export type TopicStatus = 'proposed' | 'accepted' | 'declined' | 'merged';

/** A topic as stored in `topics.<id>` of the plenary document. */
export interface TopicFields {
  id: string;
  title: string;
  description: string;
  /** The proposer, who becomes the convener of the topic's breakout. */
  convenerId: string;
  status: TopicStatus;
  /** The breakout board, once accepted. */
  boardId: string | null;
  /** The topic this one was merged into. */
  mergedInto: string | null;
  spaceId: string | null;
  slotId: string | null;
  createdAt: number;
  /** Why a moderator declined the topic, shown to everyone on the wall. */
  declineReason?: string | null;
}

/** A room or table (`spaces.<id>`) or a time slot (`slots.<id>`). */
export interface PlaceFields {
  id: string;
  label: string;
  createdAt: number;
}

/** Expert advice attached to a theme or an action (`advice.<id>` of the board it concerns). */
export interface AdviceFields {
  id: string;
  targetId: string;
  text: string;
  authorId: string;
  /** Shown with the advice: experts speak under their name. */
  authorName: string | null;
  createdAt: number;
}

/** The topics map of a plenary document. */
export function topicsMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap(OpenSpaceRoots.topics);
}

/** The spaces map of a plenary document. */
export function spacesMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap(OpenSpaceRoots.spaces);
}

/** The slots map of a plenary document. */
export function slotsMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap(OpenSpaceRoots.slots);
}

/** The advice map of a board document. */
export function adviceMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap(OpenSpaceRoots.advice);
}

/** Reads one topic, or null. */
export function readTopic(doc: Y.Doc, id: string): TopicFields | null {
  const m = topicsMap(doc).get(id);
  return m ? (m.toJSON() as TopicFields) : null;
}

/** The topic already placed in a space and slot, other than `exceptId`. */
export function topicAt(doc: Y.Doc, spaceId: string, slotId: string, exceptId: string): string | null {
  for (const [id, m] of topicsMap(doc)) {
    if (id !== exceptId && m.get('spaceId') === spaceId && m.get('slotId') === slotId) return id;
  }
  return null;
}

/** What a breakout board knows about itself, in its `board` map. */
export interface BreakoutInfo {
  topicId: string;
  title: string;
  convenerId: string;
  spaceId: string | null;
  slotId: string | null;
}

/** The breakout info of a board, or null for the plenary. */
export function readBreakout(doc: Y.Doc): BreakoutInfo | null {
  return (boardMap(doc).get('breakout') as BreakoutInfo | undefined) ?? null;
}
