/** The people tab: joining by code, invite links, who is here (with their devices' state), and removing someone. */
import { locale, t } from '../i18n.ts';
import type { ConsoleModel } from './console-model.ts';
import type { PeopleModel } from './people-model.ts';
import { DeviceSummary } from './device-summary.tsx';
import { SignInPanel } from './sign-in-panel.tsx';
import { PersonTags } from './person-tags.tsx';
import type { SignInModel } from './sign-in-model.ts';

export function PeoplePanel({ console: c, people, signIn }: { console: ConsoleModel; people: PeopleModel; signIn: SignInModel }) {
  return (
    <>
      <JoinControls console={c} people={people} />
      <Invites console={c} people={people} />
      <DeviceSummary console={c} />
      <Roster console={c} people={people} />
      <SignInPanel console={c} model={signIn} copy={(text) => void people.copy(text)} />
    </>
  );
}

function JoinControls({ console: c, people }: { console: ConsoleModel; people: PeopleModel }) {
  const d = c.details.value;
  const mayChange = c.can('session:joining');
  return (
    <section aria-labelledby="joining-heading">
      <h3 id="joining-heading">{t('console.join.heading')}</h3>
      <p>
        {t('console.join.code')} <strong class="mono">{people.joinCode.value ?? '—'}</strong>{' '}
        {d.joinOpen !== null && <span class={`tag ${d.joinOpen ? 'tag--ok' : 'tag--warn'}`}>{t(d.joinOpen ? 'console.join.open' : 'console.join.isClosed')}</span>}
      </p>
      {mayChange && (
        <div class="button-row">
          <button type="button" class="small" onClick={() => void people.setJoining(d.joinOpen === false)}>
            {t(d.joinOpen === false ? 'console.join.reopen' : 'console.join.close')}
          </button>
          <button type="button" class="small" onClick={() => void people.rotate()}>
            {t('console.join.rotate')}
          </button>
        </div>
      )}
    </section>
  );
}

function Invites({ console: c, people }: { console: ConsoleModel; people: PeopleModel }) {
  if (c.actor.role !== 'facilitator') return null;
  return (
    <section aria-labelledby="invites-heading">
      <h3 id="invites-heading">{t('console.invite.heading')}</h3>
      <div class="button-row">
        <button type="button" class="small" onClick={() => void people.createInvite('expert')}>{t('console.invite.expert')}</button>
        <button type="button" class="small" onClick={() => void people.createInvite('facilitator')}>{t('console.invite.facilitator')}</button>
      </div>
      {people.invites.value.map((inv) => (
        <div class="invite" key={inv.role}>
          <label for={`invite-${inv.role}`}>{t(inv.role === 'expert' ? 'console.invite.expertLink' : 'console.invite.facilitatorLink')}</label>
          <div class="copy-row">
            <input id={`invite-${inv.role}`} readOnly value={inv.url} onFocus={(e) => e.currentTarget.select()} />
            <button type="button" class="small" onClick={() => void people.copy(inv.url)}>{t('console.copy')}</button>
          </div>
        </div>
      ))}
    </section>
  );
}

function Roster({ console: c, people }: { console: ConsoleModel; people: PeopleModel }) {
  const members = people.members.value;
  const nf = new Intl.NumberFormat(locale.value);
  const mayHandOver = c.can('facilitation:handover');
  return (
    <section aria-labelledby="roster-heading">
      <h3 id="roster-heading">{t('console.people.online', { n: nf.format(members.length) })}</h3>
      {members.length === 0 ? <p class="empty small">{t('console.people.none')}</p> : (
        <ul class="roster">
          {members.map((m) => {
            const who = m.name ?? t('console.people.unnamed');
            return (
              <li key={m.participantId}>
                <PersonTags who={who} role={m.role} isMe={m.participantId === c.actor.participantId} />
                <span class="roster__boards">{m.boards.map((b) => c.boardTitle(b)).join(t('console.listSep'))}</span>
                {mayHandOver && m.role === 'facilitator' && m.participantId !== c.actor.participantId && (
                  <button type="button" class="small" onClick={() => void people.handover(m)}>{t('console.people.handover')}</button>
                )}
                {people.canKick(m) && (
                  <button type="button" class="small danger" aria-label={t('console.people.kickLabel', { who })} onClick={() => void people.kick(m)}>
                    {t('console.people.kick')}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
