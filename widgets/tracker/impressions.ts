/**
 * Impressions of `data-ll-track` elements, a chunk of its own (widgets/impressions.js) that embed.js loads only
 * when the page has such an element: counted once per element per page view when at least min(0.5, viewport
 * area ÷ element area) of it has been visible for 1 s while the tab is visible.
 */
const observed = new WeakSet<Element>();
const seen = new Set<Element>();
/** Elements in view → their running 1 s timer (0 when not running). */
const timers = new Map<Element, ReturnType<typeof setTimeout> | 0>();
let report: (el: HTMLElement) => void;

/** Starts the 1 s clock of elements in view; stops every clock while the tab is hidden. */
function arm(): void {
  timers.forEach((t, el) => {
    if (document.hidden) (clearTimeout(t), timers.set(el, 0));
    else if (!t && !seen.has(el))
      timers.set(
        el,
        setTimeout(() => seen.has(el) || (seen.add(el), report(el as HTMLElement)), 1000),
      );
  });
}

/** Watches `el`; `onImpression` (which must not throw) gets it once it counts. */
export function observe(el: Element, onImpression: (el: HTMLElement) => void): void {
  report = onImpression;
  if (observed.has(el)) return;
  observed.add(el);
  const r = el.getBoundingClientRect();
  const threshold = Math.min(0.5, (innerWidth * innerHeight) / (r.width * r.height || 1));
  new IntersectionObserver(
    ([entry]) => {
      clearTimeout(timers.get(el) || 0);
      timers.delete(el);
      if (entry!.intersectionRatio >= threshold * 0.99) (timers.set(el, 0), arm());
    },
    { threshold },
  ).observe(el);
}

/** A new page view (SPA navigation): every element in view may count once more. */
export function reset(): void {
  timers.forEach((t, el) => (clearTimeout(t), timers.set(el, 0)));
  seen.clear();
  arm();
}

document.addEventListener('visibilitychange', arm);
