import { useEffect, useRef, useState } from 'preact/hooks';

/**
 * Reads `load()` now and every `everyMs` while the page is visible; `reload()` reads at once. Keeps the
 * last answer while a read fails (the error is beside it), so a blip does not blank the view.
 */
export function usePolling(load, everyMs, deps = []) {
  const [state, setState] = useState({ data: undefined, error: undefined, loading: true });
  const generation = useRef(0);
  const read = async () => {
    const mine = ++generation.current;
    try {
      const data = await load();
      if (mine === generation.current) setState({ data, error: undefined, loading: false });
    } catch (error) {
      if (mine === generation.current) setState((old) => ({ data: old.data, error, loading: false }));
    }
  };
  useEffect(() => {
    setState({ data: undefined, error: undefined, loading: true });
    read();
    if (!everyMs) return undefined;
    const timer = setInterval(() => document.visibilityState === 'visible' && read(), everyMs);
    // A tab shown again reads at once rather than show what it read before it was hidden.
    const shown = () => document.visibilityState === 'visible' && read();
    document.addEventListener('visibilitychange', shown);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', shown);
      generation.current++;
    };
  }, deps);
  return { ...state, reload: read };
}
