/** The one big action of the gather step: "Add a concern", a text box, a colour, "Post". */
import { useEffect, useRef, useState } from 'preact/hooks';
import { NoteColors } from '../../../shared/board-schema.ts';
import type { NoteColor } from '../../../shared/board-schema.ts';
import { isQueued } from '../board-connection.ts';
import { t } from '../i18n.ts';
import { postedFollowUp } from './my-concerns-model.ts';
import type { MyConcernsModel, PostedAs } from './my-concerns-model.ts';
import { refusalKey } from './tablet-model.ts';
import type { TabletModel } from './tablet-model.ts';

export function AddConcern({ tablet, concerns }: { tablet: TabletModel; concerns: MyConcernsModel }) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [color, setColor] = useState<NoteColor>(NoteColors[0]);
  const [problem, setProblem] = useState<string | null>(null);
  const field = useRef<HTMLTextAreaElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const settings = tablet.board.settings.value;
  const follow = useFollowPosted(tablet, concerns);
  if (!tablet.may('note:add')) return null;

  const max = settings.noteMaxLength;
  const length = [...text.trim()].length;
  const start = (): void => {
    setOpen(true);
    requestAnimationFrame(() => field.current?.focus());
  };
  const close = (): void => {
    setOpen(false);
    setProblem(null);
    requestAnimationFrame(() => opener.current?.focus());
  };
  const post = (e: Event): void => {
    e.preventDefault();
    const clean = text.trim();
    if (!clean) {
      setProblem(t('tablet.add.empty'));
      field.current?.focus();
      return;
    }
    if ([...clean].length > max) {
      setProblem(t('tablet.add.tooLong', { max }));
      return;
    }
    // The text leaves the box at once; it shows in "My concerns" as sending until the server answers.
    setText('');
    close();
    void concerns.add(clean, color).then((ack) => {
      if (isQueued(ack)) tablet.say('ok', 'tablet.add.queued');
      else if (ack.ok) {
        const state = ack.state;
        tablet.say('ok', state === 'private' ? 'tablet.add.postedPrivate' : state === 'pending' ? 'tablet.add.postedPending' : 'tablet.add.posted');
        if (state === 'private' || state === 'pending') follow(ack.noteId, state);
      } else if (ack.error.code !== 'NETWORK') {
        tablet.say('error', refusalKey(ack.error.code));
        setText(clean);
        setOpen(true);
      } else {
        tablet.say('error', 'tablet.add.notSent');
        setText(clean);
        setOpen(true);
      }
    });
  };

  return (
    <section class="tadd" aria-labelledby="tadd-heading">
      <h2 id="tadd-heading" class="visually-hidden">
        {t('tablet.add.heading')}
      </h2>
      <button ref={opener} type="button" class="primary tadd__open" onClick={start}>
        <span aria-hidden="true" class="tadd__plus">+</span>
        {t('tablet.add.open')}
      </button>
      {(settings.privateGather || settings.screening) && (
        <p class="hint tadd__privacy">{settings.privateGather ? t('tablet.add.privateHint') : t('tablet.add.screeningHint')}</p>
      )}
      {open && (
        <form class="tadd__form panel" onSubmit={post} noValidate>
          <label for="tadd-text" class="tadd__label">
            {t('tablet.add.label')}
          </label>
          <textarea
            id="tadd-text"
            ref={field}
            class={`tadd__text tnote--${color}`}
            rows={4}
            value={text}
            aria-describedby="tadd-count"
            aria-invalid={problem ? true : undefined}
            onInput={(e) => {
              setText(e.currentTarget.value);
              setProblem(null);
            }}
          />
          <p id="tadd-count" class={`hint${length > max ? ' error' : ''}`}>
            {t('tablet.add.count', { n: length, max })}
          </p>
          {problem && (
            <p class="error" role="alert">
              {problem}
            </p>
          )}
          <fieldset class="tcolors">
            <legend>{t('tablet.add.color')}</legend>
            {NoteColors.map((c) => (
              <label key={c} class={`tcolors__swatch tnote--${c}`}>
                <input type="radio" name="tadd-color" value={c} checked={color === c} onChange={() => setColor(c)} />
                <span>{t(`tablet.color.${c}`)}</span>
              </label>
            ))}
          </fieldset>
          <div class="tactions">
            <button type="submit" class="primary tadd__post">
              {t('tablet.add.post')}
            </button>
            <button type="button" onClick={close}>
              {t('tablet.add.cancel')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

/**
 * Keeps the "posted" notice true: once the concern it speaks of is shown (revealed, approved) or
 * moves on to screening, the notice says so instead of "only you see it" (unless another
 * notice has replaced it meanwhile). Returns the function that starts following a posted concern.
 */
function useFollowPosted(tablet: TabletModel, concerns: MyConcernsModel): (noteId: string, said: PostedAs) => void {
  const [posted, setPosted] = useState<{ noteId: string; said: PostedAs; seq: number } | null>(null);
  const seq = tablet.notice.value?.seq;
  const now = posted ? concerns.whereIs(posted.noteId) : null;
  useEffect(() => {
    if (!posted) return;
    if (seq !== posted.seq) return setPosted(null);
    const next = postedFollowUp(posted.said, now);
    if (next === 'clear') {
      tablet.clearNotice();
      setPosted(null);
    } else if (next) {
      tablet.say('ok', next);
      setPosted(next === 'tablet.add.nowPending' ? { ...posted, said: 'pending', seq: tablet.notice.value!.seq } : null);
    }
  }, [posted, now, seq]);
  return (noteId, said) => setPosted({ noteId, said, seq: tablet.notice.value?.seq ?? -1 });
}
