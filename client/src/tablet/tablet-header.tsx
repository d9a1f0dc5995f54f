/** The top of the tablet: board title, connection, timer, "I'm ready", and the procedure's steps. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { Phases } from '../../../shared/board-schema.ts';
import type { Phase, TimerState } from '../../../shared/board-schema.ts';
import { ConnectionBadge } from '../connection-badge.tsx';
import { locale, t } from '../i18n.ts';
import type { TabletModel } from './tablet-model.ts';

export function TabletHeader({ tablet, title }: { tablet: TabletModel; title: string }) {
  const board = tablet.board;
  const breakout = board.breakout.value;
  return (
    <header class="thead">
      <div class="thead__row">
        <h1 class="thead__title">{breakout ? breakout.title : title}</h1>
        <ConnectionBadge conn={tablet.conn} />
      </div>
      <div class="thead__row">
        <BoardTimer timer={board.timer.value} offset={tablet.conn.pushes.clockOffset.value} />
        <ReadyToggle tablet={tablet} />
      </div>
      <PhaseSteps phase={board.phase.value} votingClosed={board.votingClosed.value} />
    </header>
  );
}

/** The procedure as numbered steps, the current one marked; a change is announced. */
export function PhaseSteps({ phase, votingClosed = false }: { phase: Phase | null; votingClosed?: boolean }) {
  // The step, not its sentence: the sentence is made when drawn, so it follows a language switch.
  const [announced, setAnnounced] = useState<Phase | null>(null);
  const previous = useRef<Phase | null>(phase);
  useEffect(() => {
    if (previous.current && phase && previous.current !== phase) {
      setAnnounced(phase);
    }
    previous.current = phase;
  }, [phase]);
  const current = phase ? Phases.indexOf(phase) : -1;
  return (
    <nav class="tsteps" aria-label={t('tablet.steps')}>
      <ol>
        {Phases.map((p, i) => (
          <li key={p} class={i === current ? 'is-current' : i < current ? 'is-done' : ''} aria-current={i === current ? 'step' : undefined}>
            <span class="tsteps__n" aria-hidden="true">{i < current ? '✓' : i + 1}</span>
            <span>{t(`phase.${p}`)}</span>
          </li>
        ))}
      </ol>
      {phase && <p class="tsteps__hint">{phase === 'vote' && votingClosed ? t('tablet.hint.voteClosed') : t(`tablet.hint.${phase}`)}</p>}
      <p class="visually-hidden" role="status" aria-live="polite">
        {announced ? t('tablet.phase.now', { step: t(`phase.${announced}`) }) : ''}
      </p>
    </nav>
  );
}

/** The shared timer, counted down against the server's clock. */
export function BoardTimer({ timer, offset }: { timer: TimerState | null; offset: number }) {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (timer?.status !== 'running') return;
    const id = setInterval(() => setTick((n) => n + 1), 1000);
    return () => clearInterval(id);
  }, [timer]);
  if (!timer) return null;
  const ms = timer.status === 'running' ? Math.max(0, timer.endsAt - (Date.now() + offset)) : Math.max(0, timer.remainingMs);
  const total = Math.ceil(ms / 1000);
  const mm = new Intl.NumberFormat(locale.value, { minimumIntegerDigits: 2 }).format(Math.floor(total / 60));
  const ss = new Intl.NumberFormat(locale.value, { minimumIntegerDigits: 2 }).format(total % 60);
  const state = total === 0 ? t('tablet.timer.up') : timer.status === 'paused' ? t('tablet.timer.paused') : '';
  return (
    <p class={`ttimer${total === 0 ? ' is-up' : ''}`}>
      <span class="ttimer__label">{t('tablet.timer.label')}</span>{' '}
      <span role="timer" class="ttimer__time">
        {mm}:{ss}
      </span>
      {state && <span class="ttimer__state"> {state}</span>}
    </p>
  );
}

/** "I'm ready": tells the facilitator this person has finished the current step. */
export function ReadyToggle({ tablet }: { tablet: TabletModel }) {
  const ready = tablet.board.ready.value;
  const mine = ready.includes(tablet.actor.participantId);
  const [busy, setBusy] = useState(false);
  if (!tablet.may('ready:set')) return null;
  const toggle = async (): Promise<void> => {
    setBusy(true);
    const ack = await tablet.run('ready:set', { boardId: tablet.boardId, ready: !mine });
    setBusy(false);
    if (ack.ok) tablet.say('ok', mine ? 'tablet.ready.undone' : 'tablet.ready.done');
  };
  return (
    <div class="tready">
      <button type="button" class={mine ? 'primary' : ''} aria-pressed={mine} disabled={busy} onClick={toggle}>
        <span aria-hidden="true">{mine ? '✓ ' : ''}</span>
        {t('tablet.ready')}
      </button>
      <span class="tready__count">{t('tablet.ready.count', { n: ready.length })}</span>
    </div>
  );
}
