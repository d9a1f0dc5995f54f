/**
 * The start page: join by code, or start a consultation. A `/j/<code>` link (the QR code on the
 * big screen) shows joining only: a resident should not have to read past anything else.
 */
import { CreatePanel } from './create-panel.tsx';
import { t } from './i18n.ts';
import { JoinPanel } from './join-panel.tsx';
import { CreateSessionForm, JoinForm } from './landing-forms.ts';
import { useModel } from './use-model.ts';
import './landing.css';

export function Landing({ joinCode }: { joinCode: string | null }) {
  const join = useModel(() => new JoinForm(joinCode ?? ''), [joinCode]);
  const create = useModel(() => new CreateSessionForm());
  const joinPanel = <JoinPanel key="join" model={join} />;
  const createPanel = <CreatePanel key="create" model={create} />;
  return (
    <div class="landing">
      <p class="tagline">{t('app.tagline')}</p>
      <div class="panels">{joinCode ? joinPanel : [createPanel, joinPanel]}</div>
    </div>
  );
}
