/**
 * "Convener tools": on their own breakout, the resident who proposed the topic runs the group
 * from the tablet — steps, themes, actions, the timer, and the reveals. Each control shows only
 * when the server would accept it; nothing shows anywhere else (the plenary, other breakouts).
 */
import { useRef } from 'preact/hooks';
import type { Phase } from '../../../shared/board-schema.ts';
import { t } from '../i18n.ts';
import { useModel } from '../use-model.ts';
import { ConvenerModel } from './convener-model.ts';
import type { TabletModel } from './tablet-model.ts';
import './convener.css';

export function ConvenerPanel({ tablet }: { tablet: TabletModel }) {
  const m = useModel(() => new ConvenerModel(tablet.conn, tablet.boardId, tablet.actor, (tone, key, vars) => tablet.say(tone, key, vars)));
  if (!m.isConvener.value) return null;
  return (
    <section class="tconv" aria-labelledby="tconv-heading">
      <h2 id="tconv-heading">{t('tablet.convener.heading')}</h2>
      <p class="tconv__intro">{t('tablet.convener.intro')}</p>
      <div class="tconv__blocks">
        <StepControls m={m} />
        <AddForm m={m} kind="theme" />
        <AddForm m={m} kind="action" />
        <TimerControls m={m} />
        <Reveals m={m} />
      </div>
    </section>
  );
}

const stepName = (p: Phase): string => t(`phase.${p}`);

/** A tool's block, marked when the current step is about it (it then comes first). */
const blockClass = (m: ConvenerModel, tool: 'private' | 'theme' | 'vote' | 'action'): string =>
  `tconv__block${m.focus.value === tool ? ' tconv__block--now' : ''}`;

function StepControls({ m }: { m: ConvenerModel }) {
  const reasonField = useRef<HTMLTextAreaElement>(null);
  if (!m.may('phase:set')) return null;
  const steps = m.steps.value;
  const at = steps.findIndex((s) => s.state === 'current');
  const next = m.nextPhase;
  const back = m.previousPhase;
  const jump = m.jump.value;
  const busy = m.busy.value === 'phase:set';
  const others = steps.filter((s) => s.state !== 'current' && s.phase !== next && s.phase !== back);
  const problem = m.problem.value?.field === 'reason' ? m.problem.value.key : null;
  const ask = (p: Phase): void => {
    void m.moveTo(p);
    requestAnimationFrame(() => reasonField.current?.focus());
  };
  return (
    <div class="tconv__block tconv__steps" role="group" aria-labelledby="tconv-steps">
      <h3 id="tconv-steps">{t('tablet.convener.steps')}</h3>
      {at >= 0 && <p class="tconv__now">{t('tablet.convener.stepNow', { n: at + 1, total: steps.length, step: stepName(steps[at]!.phase) })}</p>}
      <div class="tactions">
        {next && (
          <button type="button" class="primary tconv__next" disabled={busy} onClick={() => void m.moveTo(next)}>
            {t('tablet.convener.next', { step: stepName(next) })}
            <span aria-hidden="true">→</span>
          </button>
        )}
        {back && (
          <button type="button" disabled={busy} onClick={() => void m.moveTo(back)}>
            <span aria-hidden="true">←</span>
            {t('tablet.convener.back', { step: stepName(back) })}
          </button>
        )}
      </div>
      {others.length > 0 && !jump && (
        <details class="tconv__other">
          <summary>{t('tablet.convener.otherSteps')}</summary>
          <div class="tactions">
            {others.map((s) => (
              <button key={s.phase} type="button" disabled={busy} onClick={() => ask(s.phase)}>
                {t('tablet.convener.goTo', { step: stepName(s.phase) })}
              </button>
            ))}
          </div>
        </details>
      )}
      {jump && (
        <form
          class="tconv__jump"
          aria-labelledby="tconv-jump-title"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void m.confirmJump();
          }}
        >
          <p id="tconv-jump-title" class="tconv__jump-title">{t('tablet.convener.reasonTitle', { step: stepName(jump) })}</p>
          <label for="tconv-reason">{t('tablet.convener.reasonLabel', { skipped: m.skipped(jump).map(stepName).join(t('tablet.convener.listSep')) })}</label>
          <textarea
            id="tconv-reason"
            ref={reasonField}
            rows={2}
            value={m.reason.value}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? 'tconv-reason-problem' : undefined}
            onInput={(e) => m.type('reason', e.currentTarget.value)}
          />
          {problem && (
            <p id="tconv-reason-problem" class="error" role="alert">
              {t(problem)}
            </p>
          )}
          <div class="tactions">
            <button type="submit" class="primary" disabled={busy}>
              {t('tablet.convener.skip')}
            </button>
            <button type="button" onClick={() => m.cancelJump()}>
              {t('tablet.convener.cancel')}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}

const addKinds = {
  theme: { command: 'cluster:add', heading: 'tablet.convener.themes', label: 'tablet.convener.themeLabel', submit: 'tablet.convener.themeAdd' },
  action: { command: 'action:add', heading: 'tablet.convener.actions', label: 'tablet.convener.actionLabel', submit: 'tablet.convener.actionAdd' },
} as const;

/** One line and a button: a new theme, or a new action item. */
function AddForm({ m, kind }: { m: ConvenerModel; kind: 'theme' | 'action' }) {
  const spec = addKinds[kind];
  if (!m.may(spec.command)) return null;
  const value = kind === 'theme' ? m.themeTitle : m.actionTitle;
  const problem = m.problem.value?.field === kind ? m.problem.value.key : null;
  const id = `tconv-${kind}`;
  return (
    <form
      class={blockClass(m, kind)}
      aria-labelledby={`${id}-heading`}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void (kind === 'theme' ? m.addTheme() : m.addAction());
      }}
    >
      <h3 id={`${id}-heading`}>{t(spec.heading)}</h3>
      <label for={id}>{t(spec.label)}</label>
      <input
        id={id}
        value={value.value}
        maxLength={kind === 'theme' ? 200 : 500}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? `${id}-problem` : undefined}
        onInput={(e) => m.type(kind, e.currentTarget.value)}
      />
      {problem && (
        <p id={`${id}-problem`} class="error" role="alert">
          {t(problem)}
        </p>
      )}
      <button type="submit" class="primary" disabled={m.busy.value === spec.command}>
        {t(spec.submit)}
      </button>
    </form>
  );
}

function TimerControls({ m }: { m: ConvenerModel }) {
  if (!m.may('timer:start')) return null;
  const status = m.board.timer.value?.status ?? 'none';
  const problem = m.problem.value?.field === 'minutes' ? m.problem.value.key : null;
  const busy = m.busy.value === 'timer:start' || m.busy.value === 'timer:pause';
  return (
    <form
      class="tconv__block"
      aria-labelledby="tconv-timer-heading"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void m.startTimer();
      }}
    >
      <h3 id="tconv-timer-heading">{t('tablet.convener.timer')}</h3>
      <label for="tconv-minutes">{t('tablet.convener.minutes')}</label>
      <input
        id="tconv-minutes"
        class="tconv__minutes"
        inputMode="decimal"
        value={m.minutes.value}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? 'tconv-minutes-problem' : undefined}
        onInput={(e) => m.type('minutes', e.currentTarget.value)}
      />
      {problem && (
        <p id="tconv-minutes-problem" class="error" role="alert">
          {t(problem)}
        </p>
      )}
      <div class="tactions">
        <button type="submit" class="primary" disabled={busy}>
          {t('tablet.convener.timerStart')}
        </button>
        {status === 'running' && m.may('timer:pause') && (
          <button type="button" disabled={busy} onClick={() => void m.pauseTimer()}>
            {t('tablet.convener.timerPause')}
          </button>
        )}
        {status === 'paused' && (
          <button type="button" disabled={busy} onClick={() => void m.resumeTimer()}>
            {t('tablet.convener.timerResume')}
          </button>
        )}
      </div>
    </form>
  );
}

/** Revealing the vote (from the vote step on; it closes voting, which can be reopened) and the private writing (when it is on). */
function Reveals({ m }: { m: ConvenerModel }) {
  const vote = m.may('vote:reveal');
  const privateWriting = m.board.settings.value.privateGather && m.may('notes:reveal');
  const shown = m.board.tallies.value !== null;
  const closed = m.board.votingClosed.value;
  return (
    <>
      {vote && (
        <div class={blockClass(m, 'vote')} role="group" aria-labelledby="tconv-vote-heading">
          <h3 id="tconv-vote-heading">{t('tablet.convener.vote')}</h3>
          <p class="hint">{shown ? t('tablet.convener.voteShown') : t('tablet.convener.voteHint')}</p>
          <button type="button" class="primary" disabled={m.busy.value === 'vote:reveal'} onClick={() => void m.revealVote()}>
            {shown ? t('tablet.convener.voteUpdate') : t('tablet.convener.voteReveal')}
          </button>
          {closed && <p class="hint">{t('tablet.convener.voteClosed')}</p>}
          {closed && m.may('vote:reopen') && (
            <button type="button" disabled={m.busy.value === 'vote:reopen'} onClick={() => void m.reopenVote()}>
              {t('tablet.convener.voteReopen')}
            </button>
          )}
        </div>
      )}
      {privateWriting && (
        <div class={blockClass(m, 'private')} role="group" aria-labelledby="tconv-private-heading">
          <h3 id="tconv-private-heading">{t('tablet.convener.private')}</h3>
          <p class="hint">{t('tablet.convener.privateHint')}</p>
          <button type="button" class="primary" disabled={m.busy.value === 'notes:reveal'} onClick={() => void m.revealPrivate()}>
            {t('tablet.convener.privateReveal')}
          </button>
        </div>
      )}
    </>
  );
}
