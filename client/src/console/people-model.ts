/**
 * People in the session: the roster (moderators get members), removing someone, joining by code
 * (close/open, a new code), invite links for an expert or a co-facilitator, and the hand-over.
 */
import { computed, signal } from '@preact/signals';
import type { RosterMember } from '../../../shared/socket-protocol.ts';
import { formatJoinCode } from '../../../shared/join-code.ts';
import { can } from '../../../shared/permissions.ts';
import { t } from '../i18n.ts';
import type { ConsoleModel } from './console-model.ts';
import { createInvite } from './console-api.ts';

/** An invite link made in this console. */
export interface MadeInvite {
  role: 'expert' | 'facilitator';
  url: string;
}

/** Whether `actor` may remove `member` (facilitators never; experts only by a facilitator). */
export function mayKick(actorRole: string, actorId: string, member: RosterMember): boolean {
  if (member.participantId === actorId || member.role === 'facilitator') return false;
  if (member.role === 'expert') return actorRole === 'facilitator';
  return actorRole === 'facilitator' || actorRole === 'expert';
}

/** Roster order: moderators first, then by name. */
function byRoleThenName(a: RosterMember, b: RosterMember): number {
  const order = ['facilitator', 'expert', 'resident', 'screen'];
  return order.indexOf(a.role) - order.indexOf(b.role) || (a.name ?? '').localeCompare(b.name ?? '');
}

/** The people tab's state. */
export class PeopleModel {
  readonly invites = signal<MadeInvite[]>([]);
  readonly members = computed(() => [...(this.console.conn.pushes.roster.value?.members ?? [])].sort(byRoleThenName));
  readonly joinCode = computed(() => {
    const code = this.console.details.value.joinCode;
    return code ? formatJoinCode(code) : null;
  });

  constructor(private readonly console: ConsoleModel, private readonly invite = createInvite) {}

  canKick(member: RosterMember): boolean {
    return can(this.console.actor, 'participant:kick').ok && mayKick(this.console.actor.role, this.console.actor.participantId, member);
  }

  async kick(member: RosterMember): Promise<void> {
    const who = member.name ?? t(`role.${member.role}`);
    const reason = await this.console.ask({ title: t('console.people.kickTitle', { who }), label: t('console.people.kickReason'), required: false, confirmLabel: t('console.people.kick') });
    if (reason === null) return;
    await this.console.run('participant:kick', { participantId: member.participantId, ...(reason ? { reason } : {}) }, () => t('console.people.kicked', { who }));
  }

  async setJoining(open: boolean): Promise<void> {
    await this.console.run('session:joining', { open }, () => t(open ? 'console.join.opened' : 'console.join.closed'));
  }

  async rotate(): Promise<void> {
    const ack = await this.console.run('session:rotateCode', {});
    if (ack.ok) {
      this.console.details.value = { ...this.console.details.value, joinCode: ack.joinCode };
      this.console.say('ok', () => t('console.join.rotated', { code: formatJoinCode(ack.joinCode) }));
    }
  }

  async createInvite(role: 'expert' | 'facilitator'): Promise<void> {
    try {
      const res = await this.invite(this.console.stored.sessionId, this.console.stored.token, role);
      const url = new URL(res.url, location.origin).href;
      this.invites.value = [{ role, url }, ...this.invites.value.filter((i) => i.role !== role)];
      this.console.say('ok', () => t(role === 'expert' ? 'console.invite.madeExpert' : 'console.invite.madeFacilitator'));
    } catch (err) {
      this.console.fail(err);
    }
  }

  async copy(text: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(text);
      this.console.say('ok', () => t('console.copied'));
    } catch {
      this.console.say('error', () => t('console.copyFailed'));
    }
  }

  async handover(member: RosterMember): Promise<void> {
    await this.console.run('facilitation:handover', { participantId: member.participantId }, () => t('console.people.handedOver', { who: member.name ?? t('role.facilitator') }));
  }
}
