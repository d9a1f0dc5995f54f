/** The sidebar's procedure: the five steps (click one to move there), the scope, and the timer. */
import { t } from '../i18n.ts';
import type { ConsoleModel } from './console-model.ts';
import type { ProcedureModel, TimerModel } from './procedure-model.ts';
import type { SettingsModel } from './settings-model.ts';
import { formatClock } from './procedure-model.ts';

export function ProcedureSteps({ console: c, procedure, settings }: { console: ConsoleModel; procedure: ProcedureModel; settings: SettingsModel }) {
  const allowed = c.can('phase:set');
  const current = c.board.phase.value;
  const residentsSort = settings.current.residentsSort;
  return (
    <section class="console-steps" aria-labelledby="steps-heading">
      <h2 id="steps-heading" class="console-steps__title">{t('console.steps')}</h2>
      <p class="visually-hidden" role="status" aria-live="polite">
        {current ? t('console.phase.now', { phase: t(`phase.${current}`) }) : ''}
      </p>
      <ol class="steps" aria-labelledby="steps-heading">
        {procedure.steps.value.map((step, i) => (
          <li key={step.phase} class={`step step--${step.state}`}>
            <button
              type="button"
              aria-current={step.state === 'current' ? 'step' : undefined}
              disabled={!allowed || step.state === 'current' || c.isPending('phase:set')}
              onClick={() => void procedure.moveTo(step.phase)}
            >
              <span class="step__n">{i + 1}</span> {t(`phase.${step.phase}`)}
            </button>
          </li>
        ))}
      </ol>
      {allowed && (
        <fieldset class="scope">
          <legend>{t('console.phase.scope')}</legend>
          <label class="choice choice--small">
            <input
              type="radio"
              name="phase-scope"
              checked={procedure.scope.value === 'board'}
              onChange={() => (procedure.scope.value = 'board')}
            />
            {t('console.phase.scopeBoard')}
          </label>
          <label class="choice choice--small">
            <input
              type="radio"
              name="phase-scope"
              checked={procedure.scope.value === 'all'}
              onChange={() => (procedure.scope.value = 'all')}
            />
            {t('console.phase.scopeAll')}
          </label>
        </fieldset>
      )}
      {/* Off by default; found here, next to the step it belongs to, not only in Settings. */}
      {c.can('settings:set') && (
        <label class="choice choice--small residents-sort">
          <input
            type="checkbox"
            checked={residentsSort}
            disabled={c.isPending('settings:set')}
            onChange={(e) => void settings.set('residentsSort', e.currentTarget.checked)}
          />
          {t('console.phase.residentsSort')}
        </label>
      )}
    </section>
  );
}

export function TimerControls({ console: c, timer }: { console: ConsoleModel; timer: TimerModel }) {
  const remaining = timer.remainingMs.value;
  const status = timer.status.value;
  if (!c.can('timer:start')) return null;
  return (
    <section class="console-box" aria-labelledby="timer-heading">
      <h2 id="timer-heading">{t('console.timer')}</h2>
      <p class={`timer timer--${status}`} aria-label={t('console.timer.left')}>
        {remaining === null ? '–:––' : formatClock(remaining)}
        {status === 'paused' && <span class="timer__tag">{t('console.timer.pausedTag')}</span>}
      </p>
      <form
        class="timer-form"
        onSubmit={(e) => {
          e.preventDefault();
          timer.start();
        }}
      >
        <label for="timer-minutes">{t('console.timer.minutes')}</label>
        <input
          id="timer-minutes"
          inputMode="decimal"
          value={timer.minutes.value}
          onInput={(e) => (timer.minutes.value = e.currentTarget.value)}
        />
        <button type="submit" class="small primary">
          {t('console.timer.start')}
        </button>
      </form>
      <div class="button-row">
        {status === 'running' && (
          <button type="button" class="small" onClick={() => timer.pause()}>
            {t('console.timer.pause')}
          </button>
        )}
        {status === 'paused' && (
          <button type="button" class="small" onClick={() => timer.resume()}>
            {t('console.timer.resume')}
          </button>
        )}
        {status !== 'none' && (
          <button type="button" class="small" onClick={() => timer.reset()}>
            {t('console.timer.resetButton')}
          </button>
        )}
      </div>
    </section>
  );
}
