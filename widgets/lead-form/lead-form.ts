import { html } from 'lit';
import { LeadlineElement } from '../internal/leadline-element.ts';
import styles from './lead-form.styles.ts';

export class LeadlineForm extends LeadlineElement {
  static override styles = styles;
  override render() {
    return html`<p>${this.t('loading')}</p>`;
  }
}
if (!customElements.get('leadline-form')) customElements.define('leadline-form', LeadlineForm);
