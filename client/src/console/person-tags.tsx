import type { Role } from '../../../shared/roles.ts';
import { t } from '../i18n.ts';

/** A person in a list: name, role and "you". */
export function PersonTags({ who, role, isMe }: { who: string; role: Role; isMe: boolean }) {
  return (
    <>
      <span class="roster__name">{who}</span>
      <span class="tag">{t(`role.${role}`)}</span>
      {isMe && <span class="tag">{t('console.people.you')}</span>}
    </>
  );
}
