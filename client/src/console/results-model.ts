/**
 * After the meeting (issue 7): publishing the results page, exports, follow-up links for action
 * owners who are not participants, and deleting the session with a typed confirmation.
 */
import { computed, signal } from '@preact/signals';
import { locale, t } from '../i18n.ts';
import { navigate, resultsPath } from '../route.ts';
import { forgetSession } from '../session-store.ts';
import { createFollowUpLink, deleteSession, downloadExport, listFollowUpLinks, revokeFollowUpLink } from './console-api.ts';
import type { ExportFormat, FollowUpLink } from './console-api.ts';
import type { ConsoleModel } from './console-model.ts';

/** The results tab's state. */
export class ResultsModel {
  readonly links = signal<FollowUpLink[]>([]);
  readonly linkLabel = signal('');
  readonly linkActions = signal<ReadonlySet<string>>(new Set());
  /**
   * The public results page on the server's own base (PUBLIC_URL or its LAN address, as the join
   * link has it), not this page's origin: a console opened at localhost must not hand out localhost.
   */
  readonly publicUrl = computed(() => {
    const joinUrl = this.console.details.value.joinUrl;
    const base = joinUrl ? joinUrl.replace(/\/j\/[^/]*$/, '') : typeof location === 'undefined' ? 'http://localhost' : location.origin;
    return `${base}${resultsPath(this.console.stored.sessionId)}`;
  });

  constructor(private readonly console: ConsoleModel) {}

  async loadLinks(): Promise<void> {
    try {
      this.links.value = await listFollowUpLinks(this.console.stored.sessionId, this.console.stored.token);
    } catch {
      this.links.value = [];
    }
  }

  async setPublished(publish: boolean): Promise<void> {
    const ack = await this.console.run(publish ? 'session:publish' : 'session:unpublish', {}, () => t(publish ? 'console.results.published' : 'console.results.unpublished'));
    if (ack.ok) this.console.details.value = { ...this.console.details.value, published: ack.published };
  }

  async download(format: ExportFormat): Promise<void> {
    try {
      const { blob, filename } = await downloadExport(this.console.stored.sessionId, this.console.stored.token, format, locale.value);
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = filename;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      this.console.fail(err);
    }
  }

  toggleAction(actionId: string): void {
    const next = new Set(this.linkActions.value);
    if (next.has(actionId)) next.delete(actionId);
    else next.add(actionId);
    this.linkActions.value = next;
  }

  async createLink(): Promise<void> {
    const label = this.linkLabel.value.trim();
    const actions = [...this.linkActions.value].map((actionId) => ({ boardId: this.console.boardId, actionId }));
    if (!label || actions.length === 0) {
      this.console.say('error', () => t('console.followUp.missing'));
      return;
    }
    try {
      await createFollowUpLink(this.console.stored.sessionId, this.console.stored.token, label, actions);
      this.linkLabel.value = '';
      this.linkActions.value = new Set();
      this.console.say('ok', () => t('console.followUp.made'));
      await this.loadLinks();
    } catch (err) {
      this.console.fail(err);
    }
  }

  async revoke(code: string): Promise<void> {
    try {
      await revokeFollowUpLink(this.console.stored.sessionId, this.console.stored.token, code);
      this.console.say('ok', () => t('console.followUp.revoked'));
      await this.loadLinks();
    } catch (err) {
      this.console.fail(err);
    }
  }

  /** Deletes the whole session once the facilitator typed its title exactly. */
  async deleteSession(): Promise<void> {
    const title = this.console.details.value.title;
    const typed = await this.console.ask({ title: t('console.delete.title'), label: t('console.delete.label', { title }), required: true, mustEqual: title, confirmLabel: t('console.delete.confirm') });
    if (typed === null) return;
    try {
      await deleteSession(this.console.stored.sessionId, this.console.stored.token, typed);
      forgetSession(this.console.stored.sessionId);
      forgetSession(this.console.stored.sessionId, 'screen');
      navigate('/');
    } catch (err) {
      this.console.fail(err);
    }
  }
}
