/**
 * Registers the service worker (client/public/sw.js) that keeps the app itself on the device, so
 * a tablet reopened without network still opens the board. Browsers offer service workers only in
 * a secure context (HTTPS, or localhost); on plain HTTP over the hall's LAN the app still works
 * online, and the board and the outbox are still kept on the device.
 */
export function registerServiceWorker(): void {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator) || !isSecureContext) return;
  const register = (): void => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {
      // not available (e.g. a private window): the app works without it, just not offline
    });
  };
  // After the page loaded, so caching the app does not compete with showing it.
  if (document.readyState === 'complete') register();
  else addEventListener('load', register, { once: true });
}
