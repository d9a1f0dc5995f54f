/** Every string the client shows, in zh-CN and English, and the reader's language choice. */
import { computed, effect, signal } from '@preact/signals';
import type { ErrorCode } from '../../shared/errors.ts';

/** The languages the client speaks (same tags as the `locale` field of `POST /api/join`). */
export type Locale = 'zh-CN' | 'en';

const en = {
  'app.name': 'Yishi',
  'app.tagline': 'Neighbourhood consultations, together',
  'lang.label': 'Language',
  'common.busy': 'Working…',
  'common.loading': 'Loading…',
  'common.home': 'Back to start',
  'join.heading': 'Join a consultation',
  'join.code': 'Join code',
  'join.codeHint': 'The code shown on the big screen, e.g. ACDE-FGHJ',
  'join.name': 'Your name (optional)',
  'join.role': 'Join as',
  'join.submit': 'Join',
  'join.known': 'This device has already joined this session.',
  'join.continue': 'Continue where I was',
  'create.heading': 'Start a consultation',
  'create.title': 'Topic',
  'create.submit': 'Create',
  'create.key': 'Organiser key',
  'create.keyNeeded': 'This server asks for the organiser key to start a consultation.',
  'created.heading': 'Your consultation is ready',
  'created.code': 'Join code',
  'created.url': 'Join link',
  'created.open': 'Open board',
  'created.note': 'This device is now the facilitator. Keep it signed in on this browser.',
  'role.facilitator': 'Facilitator',
  'role.expert': 'Expert',
  'role.resident': 'Resident',
  'role.screen': 'Big screen (display only)',
  'status.connecting': 'Connecting…',
  'status.online': 'Online',
  'status.offline': 'Offline — retrying',
  'status.syncing': 'Syncing…',
  'status.stopped': 'Disconnected',
  'board.you': 'You: {name} · {role}',
  'board.anonymous': 'anonymous',
  'board.phase': 'Phase',
  'board.count.notes': 'Concerns',
  'board.count.clusters': 'Themes',
  'board.count.actions': 'Actions',
  'board.notesHeading': 'Concerns',
  'board.empty': 'No concerns yet.',
  'board.noToken': 'This device has not joined this session yet.',
  'board.unauthorized': 'Your access to this session is no longer valid. Please join again with the code.',
  'board.kicked': 'You were removed from this session.',
  'board.notFound': 'This board does not exist.',
  'board.forbidden': 'The server keeps refusing this device’s changes. Reload the page to try again.',
  'board.reset': 'Some changes on this device were refused, so the board was reloaded from the server.',
  'board.rejoin': 'Join again',
  'phase.gather': 'Gather',
  'phase.cluster': 'Cluster',
  'phase.vote': 'Vote',
  'phase.act': 'Act',
  'phase.done': 'Done',
  'route.notFound': 'Page not found.',
  'error.NETWORK': 'Cannot reach the server. Check the connection and try again.',
  'error.VALIDATION': 'Please check what you entered.',
  'error.UNAUTHORIZED': 'Your access is no longer valid. Please join again.',
  'error.NOT_FOUND': 'Nothing found for this code. Check it and try again.',
  'error.JOIN_CLOSED': 'This consultation is not accepting new participants.',
  'error.RATE_LIMITED': 'Too many attempts. Please wait a moment.',
  'error.other': 'Something went wrong ({code}). Please try again.',
};

/** A message key. */
export type MessageKey = keyof typeof en;

const zh: Record<MessageKey, string> = {
  'app.name': '议事',
  'app.tagline': '社区议事，大家一起',
  'lang.label': '语言',
  'common.busy': '请稍候…',
  'common.loading': '加载中…',
  'common.home': '返回首页',
  'join.heading': '加入议事',
  'join.code': '加入码',
  'join.codeHint': '大屏幕上显示的码，例如 ACDE-FGHJ',
  'join.name': '你的称呼（可不填）',
  'join.role': '加入身份',
  'join.submit': '加入',
  'join.known': '这台设备已加入过此议事。',
  'join.continue': '继续上次的身份',
  'create.heading': '发起议事',
  'create.title': '议题',
  'create.submit': '创建',
  'create.key': '组织者密钥',
  'create.keyNeeded': '此服务器需要组织者密钥才能发起议事。',
  'created.heading': '议事已创建',
  'created.code': '加入码',
  'created.url': '加入链接',
  'created.open': '打开看板',
  'created.note': '这台设备现在是主持人，请在此浏览器中保持登录。',
  'role.facilitator': '主持人',
  'role.expert': '专家',
  'role.resident': '居民',
  'role.screen': '大屏幕（仅显示）',
  'status.connecting': '正在连接…',
  'status.online': '在线',
  'status.offline': '离线，正在重试',
  'status.syncing': '正在同步…',
  'status.stopped': '已断开',
  'board.you': '我：{name} · {role}',
  'board.anonymous': '匿名',
  'board.phase': '阶段',
  'board.count.notes': '意见',
  'board.count.clusters': '主题',
  'board.count.actions': '行动',
  'board.notesHeading': '意见',
  'board.empty': '还没有意见。',
  'board.noToken': '这台设备尚未加入此议事。',
  'board.unauthorized': '你的访问凭证已失效，请用加入码重新加入。',
  'board.kicked': '你已被移出此议事。',
  'board.notFound': '此看板不存在。',
  'board.forbidden': '服务器一再拒绝本机的修改，请刷新页面重试。',
  'board.reset': '本机的部分修改被服务器拒绝，看板已按服务器重新载入。',
  'board.rejoin': '重新加入',
  'phase.gather': '收集',
  'phase.cluster': '归类',
  'phase.vote': '投票',
  'phase.act': '行动',
  'phase.done': '完成',
  'route.notFound': '页面不存在。',
  'error.NETWORK': '无法连接服务器，请检查网络后重试。',
  'error.VALIDATION': '请检查填写的内容。',
  'error.UNAUTHORIZED': '访问凭证已失效，请重新加入。',
  'error.NOT_FOUND': '找不到与此码对应的议事，请核对后重试。',
  'error.JOIN_CLOSED': '此议事暂不接受新的参与者。',
  'error.RATE_LIMITED': '尝试次数过多，请稍等片刻。',
  'error.other': '出错了（{code}），请重试。',
};

const catalogs: Record<Locale, Record<MessageKey, string>> = { en, 'zh-CN': zh };

/** Language names, each written in its own language so a reader can find theirs. */
export const localeNames: Record<Locale, string> = { 'zh-CN': '中文', en: 'English' };

const STORAGE_KEY = 'yishi.locale';

function isLocale(v: unknown): v is Locale {
  return v === 'zh-CN' || v === 'en';
}

function initialLocale(): Locale {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (isLocale(stored)) return stored;
  } catch {
    // storage can be disabled (private mode); fall through to the browser's language
  }
  const preferred = typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]);
  for (const tag of preferred) {
    const lower = tag.toLowerCase();
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('en')) return 'en';
  }
  return 'zh-CN';
}

/** The current language; read `.value` in a component to re-render when it changes. */
export const locale = signal<Locale>(initialLocale());

/** Switches language and remembers the choice on this device. */
export function setLocale(next: Locale): void {
  locale.value = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // not remembered, still switched
  }
}

/** The message for `key` in the current language, with `{name}` placeholders filled in. */
export function t(key: MessageKey, vars: Record<string, string | number> = {}): string {
  const text = catalogs[locale.value][key];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

const errorKeys: Partial<Record<ErrorCode | 'NETWORK', MessageKey>> = {
  NETWORK: 'error.NETWORK',
  VALIDATION: 'error.VALIDATION',
  UNAUTHORIZED: 'error.UNAUTHORIZED',
  NOT_FOUND: 'error.NOT_FOUND',
  JOIN_CLOSED: 'error.JOIN_CLOSED',
  RATE_LIMITED: 'error.RATE_LIMITED',
};

/** A sentence a person can act on for an error code (server messages are not translated). */
export function describeError(code: ErrorCode | 'NETWORK'): string {
  const key = errorKeys[code];
  return key ? t(key) : t('error.other', { code });
}

const documentTitle = computed(() => `${t('app.name')} · ${t('app.tagline')}`);

/** Keeps `<html lang>` and the tab title in the current language; returns the disposer. */
export function bindDocumentLanguage(): () => void {
  return effect(() => {
    document.documentElement.lang = locale.value;
    document.title = documentTitle.value;
  });
}
