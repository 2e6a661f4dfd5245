import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { apiUrl } from '../../internal/api.ts';
import { AdminElement } from '../admin-element.ts';
import styles from '../admin-dashboard.styles.ts';

interface Report {
  dryRun: boolean;
  columns: string[];
  created: number;
  updated: number;
  rejected: { row: number; reason: string }[];
}
const targets = {
  contacts: ['ignore', 'email', 'name', 'phone', 'company', 'stage', 'tags'],
  companies: ['ignore', 'name', 'domain', 'industry', 'size'],
} as const;

/**
 * Data in: CSV import of contacts (or, with `kind="companies"`, of companies: the companies list embeds it) with
 * a column-mapping step and a dry-run preview. (Export lives on the lists; GDPR on each contact.)
 */
export class AdminDataView extends AdminElement {
  static override styles = styles;
  @property() kind: 'contacts' | 'companies' = 'contacts';
  @state() private text = '';
  @state() private mapping: Record<string, string> = {};
  @state() private report: Report | null = null;
  /** The upload under way: a dry run checks the file, a real run imports the rows the dry run counted. */
  @state() private busy: '' | 'check' | 'import' = '';

  private async upload(dryRun: boolean): Promise<void> {
    const query = `?dryRun=${dryRun ? 1 : 0}&mapping=${encodeURIComponent(JSON.stringify(this.mapping))}`;
    this.busy = dryRun ? 'check' : 'import';
    const report = await this.run(async () => {
      const res = await fetch(apiUrl(this.client.api, `/v1/admin/${this.kind}/import${query}`), {
        method: 'POST',
        credentials: 'omit',
        body: this.text,
        headers: { 'content-type': 'text/csv', authorization: `Bearer ${this.client.token}` },
      });
      const body = await res.json();
      if (!res.ok) throw new Error(body.error?.message ?? res.statusText);
      return body as Report;
    }).finally(() => (this.busy = ''));
    if (report) {
      if (!Object.keys(this.mapping).length)
        this.mapping = Object.fromEntries(report.columns.map((c) => [c, this.guess(c)]));
      this.report = report;
    }
  }

  private guess(column: string): string {
    const c = column.toLowerCase();
    if (this.kind === 'companies') {
      if (/domain|web|url|site/.test(c)) return 'domain';
      if (/industr|sector/.test(c)) return 'industry';
      if (/size|employ/.test(c)) return 'size';
      if (/name|company/.test(c)) return 'name';
      return /^(id|owner_id|people|created_at)$/.test(c)
        ? 'ignore'
        : `custom:${c.replace(/^custom:/, '').replace(/[^a-z0-9]+/g, '_')}`;
    }
    if (/mail/.test(c)) return 'email';
    if (/phone|mobile|tel/.test(c)) return 'phone';
    if (/company|organi/.test(c)) return 'company';
    if (/stage/.test(c)) return 'stage';
    if (/tag/.test(c)) return 'tags';
    if (/name/.test(c)) return 'name';
    return `custom:${c.replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '') || 'field'}`;
  }

  private async pick(e: Event): Promise<void> {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (!file) return;
    this.text = await file.text();
    this.mapping = {};
    this.report = null;
    await this.upload(true);
  }

  /** Where the import stands: a progress bar while the server works, then the counts. */
  private renderStatus(r: Report | null) {
    const rows = r ? r.created + r.updated + r.rejected.length : 0;
    if (this.busy) {
      const text = this.busy === 'import' && r ? this.plural('data.rows', rows) : this.a('data.checking');
      return html`<p role="status" class="progress">${text}<progress aria-hidden="true"></progress></p>`;
    }
    if (!r) return html`<p role="status"></p>`;
    const counts = {
      created: this.number(r.created),
      updated: this.number(r.updated),
      rejected: this.number(r.rejected.length),
    };
    return html`<p role="status">${this.a(r.dryRun ? 'data.preview' : 'data.done', counts)}</p>`;
  }

  override render() {
    if (!this.adminMessages) return nothing;
    const r = this.report;
    return html`<section class="card" aria-labelledby="import-title">
      <h2 id="import-title">${this.a(this.kind === 'companies' ? 'companies.import' : 'data.import')}</h2>
      <p class="muted">${this.a(this.kind === 'companies' ? 'companies.importHelp' : 'data.importHelp')}</p>
      <label class="field"><span>${this.a('data.file')}</span><input type="file" accept=".csv,text/csv" @change=${this.pick} /></label>
      ${
        r
          ? html`<fieldset class="card"><legend>${this.a('data.mapping')}</legend><div class="row">
              ${r.columns.map(
                (
                  col,
                ) => html`<label class="field"><span>${col}</span><select @change=${(e: Event) => (this.mapping = { ...this.mapping, [col]: (e.target as HTMLSelectElement).value })}>
                ${[...targets[this.kind], this.mapping[col]?.startsWith('custom:') ? this.mapping[col]! : `custom:${col.toLowerCase().replace(/[^a-z0-9]+/g, '_')}`].map((t) => html`<option value=${t} ?selected=${this.mapping[col] === t}>${t}</option>`)}
              </select></label>`,
              )}</div></fieldset>
            ${r.rejected.length ? html`<table><thead><tr><th>${this.a('data.row')}</th><th>${this.a('data.reason')}</th></tr></thead><tbody>${r.rejected.map((x) => html`<tr><td>${x.row}</td><td>${x.reason}</td></tr>`)}</tbody></table>` : nothing}
            <div class="row"><button @click=${() => this.upload(true)}>${this.a('data.dryRun')}</button>
              <button class="primary" ?disabled=${!r.dryRun} @click=${() => this.upload(false)}>${this.a('data.run')}</button></div>`
          : nothing
      }
      ${this.renderStatus(r)}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
    </section>`;
  }
}

if (!customElements.get('leadline-admin-data')) customElements.define('leadline-admin-data', AdminDataView);
