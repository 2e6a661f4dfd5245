import { describe, expect, it } from 'vitest';
import { markdownToNodes } from '../../server/kb/markdown.ts';
import { matchExpression } from '../../server/kb/search.ts';
import { normalize } from '../../server/kb/normalize.ts';
import { as, testApp } from './test-app.ts';

async function withArticles() {
  const t = await testApp();
  const write = async (a: Record<string, unknown>) =>
    (await t.app.request('/v1/admin/kb', as(t.adminToken, 'POST', a))).json();
  const returns = await write({
    locale: 'en',
    title: 'Returns and refunds',
    body: 'You can **return** any lamp within 30 days.\n\n1. Pack it\n2. [Print the label](https://shop.example/label)\n\n<script>alert(1)</script>\n\nA [bad](javascript:alert(1)) link',
  });
  const shipping = await write({
    locale: 'ar',
    title: 'الشحن والتوصيل',
    body: 'نقوم بشحن الكُتُب والمصابيح إلى جميع المدن خلال ثلاثة أيام.',
  });
  const urdu = await write({
    locale: 'ur',
    title: 'واپسی کی پالیسی',
    body: 'آپ تیس دن کے اندر لیمپ واپس کر سکتے ہیں۔',
  });
  await write({ locale: 'en', title: 'Hidden draft', body: 'return policy draft', published: false });
  return { ...t, returns, shipping, urdu };
}

describe('knowledge base', () => {
  it('normalises Arabic and Urdu the same way for text and queries', () => {
    expect(normalize('الكُتُب')).toBe('الكتب');
    expect(normalize('أحمد إلى آخر')).toBe('احمد الي اخر');
    expect(normalize('کتاب ہے')).toBe('كتاب هي'.replace('هي', 'هي'));
    expect(normalize('Ｒｅｔｕｒｎ')).toBe('return');
    expect(normalize('مـــصباح')).toBe('مصباح');
  });

  it('quotes every term, so FTS syntax in a query is just text', async () => {
    expect(matchExpression('lamp "desk" NEAR(x) -foo *bar').expression).toBe(
      '"lamp" AND "desk" AND "near" AND "foo" AND "bar"',
    );
    expect(matchExpression('lamp\u0000desk\u001fshade').expression).toBe('"lamp" AND "desk" AND "shade"');
    const { app, siteKey } = await withArticles();
    for (const q of [
      '"',
      '*',
      'NEAR(',
      '-',
      'a OR b',
      "'; DROP TABLE kb_articles; --",
      '"return',
      'return*',
      '(((',
      '\u0000',
      'title:return',
      '^return',
    ]) {
      const res = await app.request(`/v1/kb/search?site=${siteKey}&q=${encodeURIComponent(q)}`);
      expect(res.status, q).toBe(200);
    }
  });

  it('finds an Arabic word written with the article prefix and with vowel marks', async () => {
    const { app, siteKey, shipping } = await withArticles();
    for (const q of ['كتب', 'الكتب', 'الكُتُب', 'مصابيح']) {
      const { results } = await (
        await app.request(`/v1/kb/search?site=${siteKey}&q=${encodeURIComponent(q)}&locale=ar`)
      ).json();
      expect(
        results.map((r: { id: number }) => r.id),
        q,
      ).toEqual([shipping.id]);
    }
  });

  it('ranks, highlights by ranges in the original text, and hides drafts', async () => {
    const { app, siteKey, returns } = await withArticles();
    const { results } = await (await app.request(`/v1/kb/search?site=${siteKey}&q=return&locale=en`)).json();
    expect(results).toHaveLength(1);
    const [r] = results;
    expect(r.id).toBe(returns.id);
    expect(r.titleRanges).toEqual([[0, 6]]);
    expect(r.title.slice(0, 6)).toBe('Return');
    const [s, e] = r.snippetRanges[0];
    expect(r.snippet.slice(s, e).toLowerCase()).toBe('return');
    expect(r.snippet).not.toContain('**');
  });

  it('finds Urdu text typed with Arabic letter forms, and falls back across locales', async () => {
    const { app, siteKey, urdu } = await withArticles();
    const { results } = await (
      await app.request(`/v1/kb/search?site=${siteKey}&q=${encodeURIComponent('واپسي')}&locale=ur`)
    ).json();
    expect(results.map((r: { id: number }) => r.id)).toEqual([urdu.id]);
    const other = await (await app.request(`/v1/kb/search?site=${siteKey}&q=refunds&locale=ar`)).json();
    expect(other.results).toHaveLength(1);
  });

  it('serves an article as a safe node tree: no HTML, no javascript: links', async () => {
    const { app, siteKey, returns } = await withArticles();
    const article = await (await app.request(`/v1/kb/articles/${returns.id}?site=${siteKey}`)).json();
    const json = JSON.stringify(article.body);
    expect(article.body[0]).toEqual({
      t: 'p',
      c: [
        { t: 'text', v: 'You can ' },
        { t: 'strong', c: [{ t: 'text', v: 'return' }] },
        { t: 'text', v: ' any lamp within 30 days.' },
      ],
    });
    expect(json).toContain('{"t":"a","href":"https://shop.example/label"');
    expect(json).not.toMatch(/"href":"javascript/);
    expect(article.body.at(-1)).toEqual({
      t: 'p',
      c: [
        { t: 'text', v: 'A ' },
        { t: 'text', v: 'bad' },
        { t: 'text', v: ' link' },
      ],
    });
    expect(article.body).toContainEqual({ t: 'p', c: [{ t: 'text', v: '<script>alert(1)</script>' }] }); // as text, to be rendered as text
    expect(markdownToNodes('# Title')).toEqual([{ t: 'h', level: 2, c: [{ t: 'text', v: 'Title' }] }]);
  });

  it('counts “was this helpful?” votes and keeps other sites’ articles out', async () => {
    const { app, siteKey, returns, adminToken, writes } = await withArticles();
    const vote = (helpful: boolean, site = siteKey, browser = 'a') =>
      app.request(`/v1/kb/articles/${returns.id}/vote`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', 'user-agent': `Mozilla/5.0 Chrome/140 ${browser}` },
        body: JSON.stringify({ site, helpful }),
      });
    await vote(true, siteKey, 'a');
    await vote(true, siteKey, 'b');
    await vote(false, siteKey, 'c');
    await vote(true, siteKey, 'a'); // one vote per browser per article
    const a = await (await app.request(`/v1/admin/kb/${returns.id}`, as(adminToken))).json();
    expect([a.helpfulYes, a.helpfulNo]).toEqual([2, 1]);
    const { createSite } = await import('../../server/db/sites.ts');
    const other = await createSite(writes, { name: 'Other' });
    expect((await app.request(`/v1/kb/articles/${returns.id}?site=${other.siteKey}`)).status).toBe(404);
    expect((await vote(true, other.siteKey)).status).toBe(404);
    const search = await (await app.request(`/v1/kb/search?site=${other.siteKey}&q=return`)).json();
    expect(search.results).toEqual([]);
  });

  it('re-indexes on edit and forgets deleted articles', async () => {
    const { app, siteKey, adminToken, returns } = await withArticles();
    await app.request(
      `/v1/admin/kb/${returns.id}`,
      as(adminToken, 'PATCH', { title: 'Exchanges', body: 'Swap a lamp for another.' }),
    );
    const find = async (q: string) =>
      (await (await app.request(`/v1/kb/search?site=${siteKey}&q=${q}&locale=en`)).json()).results.length;
    expect(await find('swap')).toBe(1);
    expect(await find('refunds')).toBe(0);
    expect((await app.request(`/v1/admin/kb/${returns.id}`, as(adminToken, 'DELETE'))).status).toBe(204);
    expect(await find('swap')).toBe(0);
  });
});
