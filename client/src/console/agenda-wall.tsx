/** The agenda wall as a table: a row per time slot, a column per space, a topic chooser in each cell. */
import { t } from '../i18n.ts';
import type { ConsoleModel } from './console-model.ts';
import type { OpenSpaceModel } from './open-space-model.ts';
import { clip } from './board-labels.ts';

export function AgendaWall({ console: c, os }: { console: ConsoleModel; os: OpenSpaceModel }) {
  const spaces = c.board.spaces.value;
  const slots = c.board.slots.value;
  const accepted = os.accepted.value;
  const mayPlace = c.can('agenda:place');
  return (
    <section aria-labelledby="agenda-heading">
      <h3 id="agenda-heading">{t('console.os.agenda')}</h3>
      {c.can('space:add') && (
        <div class="button-row">
          <button type="button" class="small" onClick={() => void os.addPlace('space')}>{t('console.os.addSpace')}</button>
          <button type="button" class="small" onClick={() => void os.addPlace('slot')}>{t('console.os.addSlot')}</button>
        </div>
      )}
      {spaces.length === 0 || slots.length === 0 ? <p class="empty small">{t('console.os.noGrid')}</p> : (
        <div class="table-scroll">
          <table class="agenda">
            <thead>
              <tr>
                <th scope="col">{t('console.os.slot')}</th>
                {spaces.map((s) => <th key={s.id} scope="col">{s.label}</th>)}
              </tr>
            </thead>
            <tbody>
              {os.grid.value.map((row, i) => {
                const slot = slots[i];
                if (!slot) return null;
                return (
                  <tr key={slot.id}>
                    <th scope="row">{slot.label}</th>
                    {row.map((cell, j) => {
                      const space = spaces[j];
                      return (
                        <td key={cell.spaceId}>
                          {mayPlace ? (
                            <select
                              aria-label={t('console.os.cellLabel', { space: space?.label ?? '', slot: slot.label })}
                              value={cell.topic?.id ?? ''}
                              onChange={(e) => void os.place(e.currentTarget.value, cell.spaceId, cell.slotId)}
                            >
                              <option value="">{t('console.os.empty')}</option>
                              {accepted.map((tp) => <option key={tp.id} value={tp.id}>{clip(tp.title, 30)}</option>)}
                            </select>
                          ) : (cell.topic?.title ?? '—')}
                        </td>
                      );
                    })}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
