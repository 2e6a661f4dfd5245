import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import type { Customer } from '../../../server/schemas/sales.ts';
import { AdminElement } from '../admin-element.ts';
import styles from '../admin-dashboard.styles.ts';

/** Customers: purchase history totals, revenue per customer, contracts ending soon. */
export class AdminCustomersView extends AdminElement {
  static override styles = styles;
  @state() private customers: Customer[] | null = null;
  @state() private within = '';

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    const r = await this.run(() =>
      this.client.get<{ customers: Customer[] }>(
        `/v1/admin/customers${this.within ? `?contractEndsWithin=${this.within}` : ''}`,
      ),
    );
    if (r) this.customers = r.customers;
  }

  override render() {
    if (!this.adminMessages) return nothing;
    return html`<section class="card" aria-labelledby="customers-title">
      <div class="row spread">
        <h2 id="customers-title">${this.a('nav.customers')}</h2>
        <label class="field"><span>${this.a('customers.endingWithin')}</span>
          <input class="w7" type="number" min="1" max="3650" .value=${this.within}
            @change=${(e: Event) => ((this.within = (e.target as HTMLInputElement).value), void this.load())} /></label>
      </div>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${
        !this.customers
          ? html`<p role="status">${this.a('common.loading')}</p>`
          : !this.customers.length
            ? html`<p role="status">${this.a('customers.none')}</p>`
            : html`<table>
              <thead><tr><th>${this.a('contact.name')}</th><th>${this.a('customers.purchases')}</th><th>${this.a('customers.revenue')}</th><th>${this.a('customers.last')}</th><th>${this.a('customers.contract')}</th></tr></thead>
              <tbody>${this.customers.map(
                (c) => html`<tr>
                  <td><a href="#/contacts/${c.contactId}">${c.name ?? c.email ?? c.contactId}</a></td>
                  <td>${c.purchases}</td>
                  <td>${this.money(c.revenue, c.currency)}${Object.entries(c.otherCurrencies).map(([cur, v]) => html`<div class="muted">+ ${this.money(v, cur)}</div>`)}</td>
                  <td>${this.date(c.lastPurchaseAt)}</td>
                  <td>${this.date(c.nextContractEndAt)}</td>
                </tr>`,
              )}</tbody>
            </table>`
      }
    </section>`;
  }
}

if (!customElements.get('leadline-admin-customers'))
  customElements.define('leadline-admin-customers', AdminCustomersView);
