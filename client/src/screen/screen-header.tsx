/** The top of the big screen: the session's title, the procedure's steps with the current one marked, the timer. */
import { Phases } from '../../../shared/board-schema.ts';
import { useRef } from 'preact/hooks';
import { t } from '../i18n.ts';
import type { BoardModel } from '../model/board-model.ts';
import { useAutoFit } from './auto-fit.ts';
import type { BigScreenModel } from './screen-model.ts';

export function ScreenHeader({ title, model, screen }: { title: string; model: BoardModel; screen: BigScreenModel }) {
  const phase = model.phase.value;
  const current = phase ? Phases.indexOf(phase) : -1;
  const breakout = model.breakout.value;
  const question = breakout ? breakout.title : title;
  const fit = useRef<HTMLDivElement>(null);
  useAutoFit(fit, question, 20, 48);
  return (
    <header class="bs-top">
      <div class="bs-title">
        <div class="bs-title-fit" ref={fit}>
          <h1>{question}</h1>
        </div>
        {breakout && <p>{t('screen.breakout', { title })}</p>}
      </div>
      <ol class="bs-steps" aria-label={t('screen.steps')}>
        {Phases.map((p, i) => (
          <li key={p} class={i < current ? 'is-past' : i === current ? 'is-current' : undefined} aria-current={i === current ? 'step' : undefined}>
            <span class="bs-step-no" aria-hidden="true">{i + 1}</span>
            {t(`phase.${p}`)}
          </li>
        ))}
      </ol>
      <ScreenTimer screen={screen} />
    </header>
  );
}

function formatClock(ms: number): string {
  const total = Math.ceil(ms / 1000);
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${m}:${String(s).padStart(2, '0')}`;
}

/** The shared timer, counted down against the server's clock; nothing when no timer is set. */
function ScreenTimer({ screen }: { screen: BigScreenModel }) {
  const left = screen.remainingMs();
  if (left === null) return null;
  const paused = screen.paused();
  return (
    <div class={`bs-timer${left === 0 ? ' is-over' : ''}${paused ? ' is-paused' : ''}`}>
      <span class="bs-timer-label">{left === 0 ? t('screen.timer.over') : paused ? t('screen.timer.paused') : t('screen.timer')}</span>
      {/* role=timer is not announced as it ticks; the label says what it is. */}
      <span role="timer" aria-label={t('screen.timer')} class="bs-timer-clock">{formatClock(left)}</span>
    </div>
  );
}
