/** The panels on the right as an ARIA tab list (arrow keys, Home and End move between tabs). */
import type { ComponentChildren } from 'preact';
import { useRef } from 'preact/hooks';
import type { MessageKey } from '../i18n.ts';
import { t } from '../i18n.ts';
import type { PanelId } from './console-panels.ts';

interface Props {
  panels: PanelId[];
  current: PanelId;
  badges: Partial<Record<PanelId, number>>;
  onSelect(id: PanelId): void;
  children: ComponentChildren;
}

export function PanelTabs({ panels, current, badges, onSelect, children }: Props) {
  const list = useRef<HTMLDivElement>(null);
  const active = panels.includes(current) ? current : panels[0]!;
  const focusTab = (id: PanelId): void => {
    onSelect(id);
    list.current?.querySelector<HTMLButtonElement>(`#tab-${id}`)?.focus();
  };
  const onKeyDown = (e: KeyboardEvent): void => {
    const i = panels.indexOf(active);
    const next = e.key === 'ArrowRight' || e.key === 'ArrowDown' ? panels[(i + 1) % panels.length]
      : e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? panels[(i - 1 + panels.length) % panels.length]
      : e.key === 'Home' ? panels[0] : e.key === 'End' ? panels[panels.length - 1] : undefined;
    if (next) {
      e.preventDefault();
      focusTab(next);
    }
  };
  return (
    <div class="console-panels">
      <div class="tabs" role="tablist" aria-label={t('console.panels')} ref={list} onKeyDown={onKeyDown}>
        {panels.map((id) => {
          const badge = badges[id] ?? 0;
          return (
            <button
              key={id}
              id={`tab-${id}`}
              type="button"
              role="tab"
              class="tab"
              aria-selected={id === active}
              aria-controls={`panel-${id}`}
              tabIndex={id === active ? 0 : -1}
              onClick={() => onSelect(id)}
            >
              {t(`console.tab.${id}` as MessageKey)}
              {badge > 0 && <span class="badge">{badge}</span>}
            </button>
          );
        })}
      </div>
      <div class="tab-panel" role="tabpanel" id={`panel-${active}`} aria-labelledby={`tab-${active}`} tabIndex={0}>
        {children}
      </div>
    </div>
  );
}
