import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import type { Product } from '../../../server/schemas/sales.ts';
import { AdminElement } from '../admin-element.ts';
import styles from '../admin-dashboard.styles.ts';

/** The product catalogue; owners add products. */
export class AdminProductsView extends AdminElement {
  static override styles = styles;
  @state() private products: Product[] | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    const r = await this.run(() => this.client.get<{ products: Product[] }>('/v1/admin/products'));
    if (r) this.products = r.products;
  }

  private async add(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const el = e.target as HTMLFormElement;
    const d = Object.fromEntries(new FormData(el).entries()) as Record<string, string>;
    const currency = d.currency!.trim().toUpperCase();
    const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    const body = { name: d.name, currency, price: Math.round(Number(d.price) * 10 ** digits), ...(d.sku && { sku: d.sku }), ...(d.contract && { contractMonths: Number(d.contract) }) };
    if ((await this.run(() => this.client.post('/v1/admin/products', body))) !== undefined) el.reset(), await this.load();
  }

  override render() {
    if (!this.adminMessages) return nothing;
    return html`<section class="card" aria-labelledby="products-title">
      <h2 id="products-title">${this.a('nav.products')}</h2>
      ${this.userRole === 'owner'
        ? html`<form class="row" @submit=${this.add}>
            <label class="field"><span>${this.a('products.name')}</span><input name="name" required maxlength="200" /></label>
            <label class="field"><span>${this.a('products.sku')}</span><input name="sku" maxlength="100" size="10" /></label>
            <label class="field"><span>${this.a('products.price')}</span><input name="price" required inputmode="decimal" pattern="[0-9]+([.][0-9]{1,3})?" size="8" /></label>
            <label class="field"><span>${this.a('purchase.currency')}</span><input name="currency" required maxlength="3" size="4" .value=${this.me.site.currency} /></label>
            <label class="field"><span>${this.a('products.contract')}</span><input class="w6" name="contract" type="number" min="1" max="120" /></label>
            <button class="primary">${this.a('common.add')}</button>
          </form>`
        : nothing}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${!this.products
        ? html`<p role="status">${this.a('common.loading')}</p>`
        : !this.products.length
          ? html`<p role="status">${this.a('products.none')}</p>`
          : html`<table>
              <thead><tr><th>${this.a('products.name')}</th><th>${this.a('products.sku')}</th><th>${this.a('products.price')}</th><th>${this.a('products.contract')}</th></tr></thead>
              <tbody>${this.products.map((p) => html`<tr><td>${p.name}</td><td dir="ltr">${p.sku ?? '—'}</td><td>${this.money(p.price, p.currency)}</td><td>${p.contractMonths ?? '—'}</td></tr>`)}</tbody>
            </table>`}
    </section>`;
  }
}

if (!customElements.get('leadline-admin-products')) customElements.define('leadline-admin-products', AdminProductsView);
