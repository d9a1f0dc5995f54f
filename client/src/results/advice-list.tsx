/** Expert advice on a theme or an action item, as the public page shows it (its words; no names there). */
import type { PublicAdvice } from '../../../shared/results.ts';
import { t } from '../i18n.ts';

export function AdviceList({ advice }: { advice: PublicAdvice[] }) {
  if (advice.length === 0) return null;
  return (
    <div class="rp-advice">
      <p class="rp-advice-head">{t('results.advice')}</p>
      <ul>
        {advice.map((x) => (
          <li key={x.id}>{x.text}</li>
        ))}
      </ul>
    </div>
  );
}
