import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { html as litHtml } from 'lit';
import { LeadlineElement } from '../../../widgets/internal/leadline-element.ts';

class TestGreeting extends LeadlineElement {
  override render() {
    return litHtml`<p part="text">${this.t('form.tooLong', { max: 5 })}</p>`;
  }
}
customElements.define('test-greeting', TestGreeting);

const text = (el: Element) => el.shadowRoot!.querySelector('p')!.textContent;

describe('LeadlineElement', () => {
  it('renders the locale’s strings and sets dir/lang on the host', async () => {
    const el = await fixture<TestGreeting>(html`<test-greeting locale="ar"></test-greeting>`);
    await waitUntil(() => text(el) === 'بحد أقصى 5 حرفًا.', 'Arabic text');
    expect(el.getAttribute('dir')).to.equal('rtl');
    expect(el.getAttribute('lang')).to.equal('ar');
  });

  it('follows the page language, and switches when the locale changes', async () => {
    const wrapper = await fixture(html`<div lang="ur"><test-greeting></test-greeting></div>`);
    const el = wrapper.querySelector('test-greeting') as TestGreeting;
    await waitUntil(() => text(el) === 'زیادہ سے زیادہ 5 حروف۔', 'Urdu text');
    expect(el.getAttribute('dir')).to.equal('rtl');
    el.locale = 'en';
    await waitUntil(() => text(el) === 'At most 5 characters.', 'English text');
    expect(el.getAttribute('dir')).to.equal('ltr');
  });
});
