/** Strings of the resident tablet (joining extras, adding concerns, sorting, voting, drafting, open space, offline outbox), in English and zh-CN (every key in both). */

export const en = {
};

export const zh: Record<keyof typeof en, string> = {
};
