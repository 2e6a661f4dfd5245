import { expect } from '@open-wc/testing';
import { dirOf, format, loadMessages, resolveLocale } from '../../../widgets/internal/i18n.ts';
import en from '../../../widgets/locales/en.ts';
import ar from '../../../widgets/locales/ar.ts';
import ur from '../../../widgets/locales/ur.ts';

describe('i18n', () => {
  it('has every English key, with the same placeholders, in Arabic and Urdu', () => {
    for (const catalogue of [ar, ur]) {
      expect(Object.keys(catalogue).sort()).to.deep.equal(Object.keys(en).sort());
      for (const [key, text] of Object.entries(en)) {
        const holes = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
        expect(holes(catalogue[key as keyof typeof en]), key).to.deep.equal(holes(text));
        expect(catalogue[key as keyof typeof en], key).not.to.equal('');
      }
    }
  });

  it('resolves the locale from explicit choices, the page, then the browser', () => {
    expect(resolveLocale('ar')).to.equal('ar');
    expect(resolveLocale(null, 'ur-PK')).to.equal('ur');
    expect(resolveLocale('fr', undefined, 'AR-eg')).to.equal('ar');
    expect(resolveLocale('xx')).to.equal('en');
  });

  it('lays Arabic and Urdu out right-to-left', () => {
    expect([dirOf('en'), dirOf('ar'), dirOf('ur')]).to.deep.equal(['ltr', 'rtl', 'rtl']);
  });

  it('fills placeholders and loads catalogues lazily', async () => {
    expect(format('At most {max} characters.', { max: 200 })).to.equal('At most 200 characters.');
    expect(format('{a} {b}', { a: 1 })).to.equal('1 {b}');
    expect((await loadMessages('ur'))['form.submit']).to.equal('بھیجیں');
  });
});
