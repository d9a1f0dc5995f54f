/**
 * Moving a facilitator's or expert's sign-in to a new device (a lost or replaced phone): a
 * facilitator picks the person, the server reissues their token, and the console shows a link
 * that signs the new device in. By default the old device is signed out.
 */
import { signal } from '@preact/signals';
import type { ModeratorsResponse } from '../../../shared/http-api.ts';
import { t } from '../i18n.ts';
import type { ConsoleModel } from './console-model.ts';
import { listModerators, reissueSignIn } from './console-api.ts';

/** A facilitator or expert of the session. */
export type Moderator = ModeratorsResponse['moderators'][number];

/** The "sign in on a new device" section's state. */
export class SignInModel {
  readonly moderators = signal<Moderator[] | null>(null);
  /** The last link made, for whom. */
  readonly link = signal<{ name: string; url: string } | null>(null);
  readonly signOutOld = signal(true);

  constructor(
    private readonly console: ConsoleModel,
    private readonly api = { listModerators, reissueSignIn },
  ) {}

  async load(): Promise<void> {
    try {
      this.moderators.value = await this.api.listModerators(this.console.stored.sessionId, this.console.stored.token);
    } catch (err) {
      this.console.fail(err);
    }
  }

  async reissue(m: Moderator): Promise<void> {
    const name = m.name ?? t(`role.${m.role}`);
    try {
      const res = await this.api.reissueSignIn(this.console.stored.sessionId, this.console.stored.token, m.participantId, this.signOutOld.value);
      this.link.value = { name, url: res.link };
      this.console.say('ok', () => t('console.signIn.made', { who: name }));
    } catch (err) {
      this.console.fail(err);
    }
  }
}
