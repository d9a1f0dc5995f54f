/** Loads a screen's code on demand, so a resident's phone never downloads the console or the big screen. */
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { t } from './i18n.ts';

/** Wraps `load` (a dynamic import) as a component that shows "Loading…" until the code arrived. */
export function lazyScreen<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<ComponentType<P>> | null = null;
  return function LazyScreen(props: P) {
    const [component, setComponent] = useState<ComponentType<P> | null>(() => loaded);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (component) return;
      let live = true;
      pending ??= load().then((c) => (loaded = c));
      pending.then(
        (c) => live && setComponent(() => c),
        () => {
          pending = null;
          if (live) setFailed(true);
        },
      );
      return () => {
        live = false;
      };
    }, [component]);
    // Nothing else of the screen is shown, so the problem is the page's heading.
    if (failed) {
      return (
        <div class="notice notice--problem" role="alert">
          <h1 class="notice__text">{t('error.NETWORK')}</h1>
        </div>
      );
    }
    if (!component) return <p class="loading" role="status">{t('common.loading')}</p>;
    const Loaded = component;
    return <Loaded {...props} />;
  };
}
