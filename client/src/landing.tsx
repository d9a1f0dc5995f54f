/**
 * The start page: join by code, or start a consultation. A `/j/<code>` link (the QR code on the
 * big screen) shows joining only: a resident should not have to read past anything else. On a
 * touch device (a resident's phone or tablet) joining comes first too: starting a consultation
 * is the facilitator's business, done on a laptop.
 */
import { CreatePanel } from './create-panel.tsx';
import { t } from './i18n.ts';
import { JoinPanel } from './join-panel.tsx';
import { CreateSessionForm, JoinForm } from './landing-forms.ts';
import { formatJoinCode, normalizeJoinCode } from '../../shared/join-code.ts';
import { useModel } from './use-model.ts';
import './landing.css';

/** A coarse pointer is a finger: phones and tablets, where nearly everyone is there to join. */
function touchFirst(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(pointer: coarse)').matches;
}

export function Landing({ joinCode }: { joinCode: string | null }) {
  const join = useModel(() => new JoinForm(joinCode ?? ''), [joinCode]);
  const create = useModel(() => new CreateSessionForm());
  const joinInstead = (topic: string) => {
    join.code.value = formatJoinCode(normalizeJoinCode(topic));
    create.title.value = '';
    create.askJoin.value = false;
    void join.submit();
  };
  const joinPanel = <JoinPanel key="join" model={join} lead={Boolean(joinCode)} />;
  const createPanel = <CreatePanel key="create" model={create} onJoinInstead={joinInstead} />;
  return (
    <div class="landing">
      {/* The page's one h1: the join panel's heading on a join link, else the tagline. */}
      {joinCode ? <p class="tagline">{t('app.tagline')}</p> : <h1 class="tagline">{t('app.tagline')}</h1>}
      <div class="panels">{joinCode ? joinPanel : touchFirst() ? [joinPanel, createPanel] : [createPanel, joinPanel]}</div>
    </div>
  );
}
