const browsers: [RegExp, string][] = [
  [/Edg(e|A|iOS)?\//, 'Edge'],
  [/OPR\/|Opera/, 'Opera'],
  [/SamsungBrowser\//, 'Samsung Internet'],
  [/Firefox\/|FxiOS\//, 'Firefox'],
  [/Chrome\/|CriOS\//, 'Chrome'],
  [/Safari\//, 'Safari'],
];
const systems: [RegExp, string][] = [
  [/iPhone|iPad|iPod/, 'iOS'],
  [/Android/, 'Android'],
  [/CrOS/, 'ChromeOS'],
  [/Windows/, 'Windows'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/Linux/, 'Linux'],
];

/**
 * A short name for the browser a session was made in, e.g. "Firefox · Windows", from its
 * User-Agent; null when neither is recognised. Shown in the sessions list, never used to decide anything.
 */
export function deviceName(userAgent: string | undefined): string | null {
  if (!userAgent) return null;
  const browser = browsers.find(([re]) => re.test(userAgent))?.[1];
  const os = systems.find(([re]) => re.test(userAgent))?.[1];
  return browser && os ? `${browser} · ${os}` : (browser ?? os ?? null);
}
