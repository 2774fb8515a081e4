import { useEffect, useState } from 'preact/hooks';

// The view is in the URL's hash (`#/tables/orders`), so a reload or a shared link opens the same view
// and the server serves one page.

export function currentRoute() {
  const parts = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  return { view: parts[0] || 'overview', params: parts.slice(1) };
}

export function href(view, ...params) {
  return `#/${[view, ...params].map(encodeURIComponent).join('/')}`;
}

export function navigate(view, ...params) {
  location.hash = href(view, ...params);
}

export function useRoute() {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    const changed = () => setRoute(currentRoute());
    addEventListener('hashchange', changed);
    return () => removeEventListener('hashchange', changed);
  }, []);
  return route;
}
