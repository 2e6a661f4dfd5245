import { describe, expect, it } from 'vitest';
import { attributionOf } from '../../../server/tracking/attribution.ts';

const at = (url: string, ref?: string, settings = {}) => attributionOf({ url, ref }, settings);

describe('attributionOf', () => {
  it('takes UTM parameters first, lower-cased', () => {
    expect(
      at(
        'https://shop.example/?utm_source=Google&utm_medium=CPC&utm_campaign=Winter-Sale&utm_term=lamp&utm_content=banner-a&gclid=xyz',
        'https://www.google.com/',
      ),
    ).toMatchObject({
      source: 'google',
      medium: 'cpc',
      campaign: 'winter-sale',
      term: 'lamp',
      content: 'banner-a',
      clickIdType: 'gclid',
      clickId: 'xyz',
      referrerDomain: 'google.com',
    });
  });

  it('names the network of a click id when there is no UTM', () => {
    expect(at('https://shop.example/?gclid=a')).toMatchObject({
      source: 'google',
      medium: 'cpc',
      clickIdType: 'gclid',
    });
    expect(at('https://shop.example/?fbclid=a')).toMatchObject({ source: 'facebook', medium: 'social' });
    expect(at('https://shop.example/?msclkid=a')).toMatchObject({ source: 'bing', medium: 'cpc' });
    expect(at('https://shop.example/?ttclid=a')).toMatchObject({ source: 'tiktok' });
    expect(at('https://shop.example/?li_fat_id=a')).toMatchObject({ source: 'linkedin' });
  });

  it('finds inbound affiliates by parameter (configurable) and by registered referring domain', () => {
    expect(at('https://shop.example/?ref=Partner-X')).toMatchObject({
      source: 'partner-x',
      medium: 'affiliate',
      affiliate: 'partner-x',
    });
    expect(at('https://shop.example/?via=blog')).toMatchObject({ affiliate: 'blog' });
    expect(at('https://shop.example/?partner=acme', undefined, { affiliateParams: ['partner'] })).toMatchObject({
      affiliate: 'acme',
    });
    expect(at('https://shop.example/?ref=acme', undefined, { affiliateParams: ['partner'] })).toMatchObject({
      affiliate: null,
      source: 'direct',
    });
    expect(
      at('https://shop.example/', 'https://www.deals.example/post', { affiliateDomains: { 'deals.example': 'deals' } }),
    ).toMatchObject({
      source: 'deals',
      medium: 'affiliate',
      affiliate: 'deals',
      referrerDomain: 'deals.example',
    });
    expect(at('https://shop.example/?utm_source=news&ref=x')).toMatchObject({ source: 'news', affiliate: 'x' });
  });

  it('uses the referring site, organic for search engines, and direct otherwise', () => {
    expect(at('https://shop.example/', 'https://news.ycombinator.com/item?id=1')).toMatchObject({
      source: 'news.ycombinator.com',
      medium: 'referral',
    });
    expect(at('https://shop.example/', 'https://www.google.co.uk/')).toMatchObject({
      source: 'google.co.uk',
      medium: 'organic',
    });
    expect(at('https://shop.example/', 'https://duckduckgo.com/')).toMatchObject({ medium: 'organic' });
    expect(at('https://shop.example/b', 'https://www.shop.example/a')).toMatchObject({
      source: 'direct',
      referrerDomain: null,
      referrer: null,
    });
    expect(at('https://shop.example/')).toMatchObject({ source: 'direct', medium: null, campaign: null });
  });

  it('prefers UTM and click ids sent by a client over the URL', () => {
    expect(
      attributionOf({
        url: 'https://shop.example/',
        utm: { source: 'app', campaign: 'push' },
        clickIds: { gclid: 'g' },
      }),
    ).toMatchObject({
      source: 'app',
      campaign: 'push',
      clickIdType: 'gclid',
    });
  });
});
