/** Strings of the facilitator and expert console, in English and zh-CN (every key in both). */

export const en = {
};

export const zh: Record<keyof typeof en, string> = {
};
