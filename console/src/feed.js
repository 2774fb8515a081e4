import { useEffect, useRef, useState } from 'preact/hooks';

/**
 * Keeps `data` current from a Server-Sent Events feed: each `event` on `path` is parsed and `pick`ed. While the
 * feed is down (not yet open, dropped, refused) it reads `load()` every `everyMs` instead, as usePolling does,
 * and the EventSource keeps reconnecting by itself; the first event after that stops the polling again.
 * `live` says which of the two the view is showing; `reload()` reads at once (after an action, say).
 */
export function useFeed({ path, event, pick, load, everyMs }) {
  const [state, setState] = useState({ data: undefined, error: undefined, live: false });
  // Bumped by each feed event, so a poll answered after it (older news) is dropped.
  const generation = useRef(0);
  const read = async () => {
    const mine = generation.current;
    try {
      const data = await load();
      if (mine === generation.current) setState((old) => ({ ...old, data, error: undefined }));
    } catch (error) {
      if (mine === generation.current) setState((old) => ({ ...old, error }));
    }
  };
  useEffect(() => {
    let timer;
    const poll = () => {
      if (timer !== undefined) return;
      read();
      timer = setInterval(() => document.visibilityState === 'visible' && read(), everyMs);
    };
    const stopPolling = () => {
      clearInterval(timer);
      timer = undefined;
    };
    const source = new EventSource(path);
    source.addEventListener(event, (message) => {
      generation.current++;
      stopPolling();
      setState({ data: pick(JSON.parse(message.data)), error: undefined, live: true });
    });
    source.onerror = () => {
      setState((old) => ({ ...old, live: false }));
      poll();
    };
    // Until the feed's first event: an answer at once, not after the feed's connection is made.
    poll();
    return () => {
      source.close();
      stopPolling();
      generation.current++;
    };
  }, [path, event]);
  return { ...state, reload: read };
}
