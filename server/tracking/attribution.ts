/**
 * Where a visit came from, derived from an event's URL and referrer (the
 * tracker does not send UTM or click ids: the server reads them from `url`).
 * Precedence: UTM source → inbound affiliate → ad click id → referring site → direct.
 */
export interface Touch {
  source: string;
  medium: string | null;
  campaign: string | null;
  term: string | null;
  content: string | null;
  clickIdType: string | null;
  clickId: string | null;
  affiliate: string | null;
  referrer: string | null;
  referrerDomain: string | null;
  landingUrl: string;
}

export interface AttributionSettings {
  /** Query parameters naming an inbound affiliate; default ref, aff, via. */
  affiliateParams?: string[];
  /** Referring domains registered as affiliates: domain → affiliate name. */
  affiliateDomains?: Record<string, string>;
}

/** Click-id parameter → the ad network and medium it implies. */
const clickNetworks: Record<string, [string, string]> = {
  gclid: ['google', 'cpc'],
  msclkid: ['bing', 'cpc'],
  fbclid: ['facebook', 'social'],
  ttclid: ['tiktok', 'paid-social'],
  li_fat_id: ['linkedin', 'paid-social'],
};

const searchEngines =
  /(^|\.)(google\.[a-z.]+|bing\.com|duckduckgo\.com|search\.yahoo\.com|yandex\.[a-z]+|baidu\.com|ecosia\.org|search\.brave\.com)$/;

const hostOf = (url: string | undefined | null): string | null => {
  if (!url) return null;
  try {
    return new URL(url).hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return null;
  }
};

const clip = (v: string | null | undefined, max = 200) => (v ? v.trim().slice(0, max) || null : null);

export function attributionOf(
  event: {
    url: string;
    ref?: string | undefined;
    utm?: Record<string, string | undefined> | undefined;
    clickIds?: Record<string, string | undefined> | undefined;
  },
  settings: AttributionSettings = {},
): Touch {
  const url = new URL(event.url);
  const params = url.searchParams;
  const utm = {
    source: event.utm?.source ?? params.get('utm_source'),
    medium: event.utm?.medium ?? params.get('utm_medium'),
    campaign: event.utm?.campaign ?? params.get('utm_campaign'),
    term: event.utm?.term ?? params.get('utm_term'),
    content: event.utm?.content ?? params.get('utm_content'),
  };
  let clickIdType: string | null = null;
  let clickId: string | null = null;
  for (const key of Object.keys(clickNetworks)) {
    const v = event.clickIds?.[key] ?? params.get(key);
    if (v) {
      clickIdType = key;
      clickId = clip(v, 500);
      break;
    }
  }
  const selfHost = url.hostname.toLowerCase().replace(/^www\./, '');
  const refHost = hostOf(event.ref);
  const referrerDomain = refHost && refHost !== selfHost ? refHost : null;
  let affiliate: string | null = null;
  for (const p of settings.affiliateParams ?? ['ref', 'aff', 'via']) {
    const v = clip(params.get(p), 100);
    if (v) {
      affiliate = v.toLowerCase();
      break;
    }
  }
  if (!affiliate && referrerDomain) affiliate = settings.affiliateDomains?.[referrerDomain] ?? null;

  let source: string;
  let medium: string | null = clip(utm.medium)?.toLowerCase() ?? null;
  if (clip(utm.source)) source = clip(utm.source)!.toLowerCase();
  else if (affiliate) ((source = affiliate), (medium ??= 'affiliate'));
  else if (clickIdType) [source, medium] = clickNetworks[clickIdType]!;
  else if (referrerDomain)
    ((source = referrerDomain), (medium ??= searchEngines.test(referrerDomain) ? 'organic' : 'referral'));
  else source = 'direct';

  return {
    source,
    medium,
    campaign: clip(utm.campaign)?.toLowerCase() ?? null,
    term: clip(utm.term),
    content: clip(utm.content),
    clickIdType,
    clickId,
    affiliate,
    referrer: referrerDomain ? clip(event.ref, 2048) : null,
    referrerDomain,
    landingUrl: event.url,
  };
}
