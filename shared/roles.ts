/** The four roles of a consultation. */
export const Roles = ['facilitator', 'expert', 'resident', 'screen'] as const;

/** A participant's role. */
export type Role = (typeof Roles)[number];

/** Who is acting: the authenticated participant behind a request, command or connection. */
export interface Actor {
  participantId: string;
  sessionId: string;
  role: Role;
  name: string | null;
}

/** Facilitators and experts moderate boards. */
export function isModerator(role: Role): boolean {
  return role === 'facilitator' || role === 'expert';
}
