/** Strings of the public results page and the owner follow-up page, in English and zh-CN (every key in both). */

export const en = {
};

export const zh: Record<keyof typeof en, string> = {
};
