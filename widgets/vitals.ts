import { onCLS, onINP, onLCP, onTTFB, type Metric } from 'web-vitals';

/**
 * Web vitals for the tracker: embed.js imports this chunk lazily for a
 * sampled share of page loads and sends each metric as a `vital` event.
 */
export function start(report: (vital: { name: string; props: { value: number; rating: string } }) => void): void {
  const each = (m: Metric) =>
    report({
      name: m.name,
      props: {
        value: Math.round(m.value * (m.name == 'CLS' ? 1000 : 1)) / (m.name == 'CLS' ? 1000 : 1),
        rating: m.rating,
      },
    });
  onLCP(each);
  onINP(each);
  onCLS(each);
  onTTFB(each);
}
