import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import type { FormDefinition, FormField, FormSummary, Localized } from '../../../server/schemas/forms.ts';
import { AdminElement } from '../admin-element.ts';
import styles from '../admin-dashboard.styles.ts';

const types: FormField['type'][] = ['email', 'text', 'tel', 'textarea', 'select', 'checkbox'];
const locales = ['en', 'ar', 'ur'] as const;

/** Lead forms: fields, required flags, labels and help per locale, consent. Owners edit. */
export class AdminFormsView extends AdminElement {
  static override styles = styles;
  @state() private forms: FormSummary[] | null = null;
  @state() private name = '';
  @state() private def: FormDefinition | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  /** After `name` was deleted: the list again, and the editor closed when it showed that form. */
  private async closeIf(name: string): Promise<void> {
    if (this.name === name) this.def = null;
    await this.load();
  }

  private async load(): Promise<void> {
    const r = await this.run(() => this.client.get<{ forms: FormSummary[] }>('/v1/admin/forms'));
    if (r) this.forms = r.forms;
  }

  private open(f?: FormSummary): void {
    this.name = f?.name ?? '';
    this.def = f
      ? structuredClone(f.definition)
      : { consent: 'none', fields: [{ name: 'email', type: 'email', required: true, label: { en: 'Email' } }] };
  }

  private changeDef(mutate: (d: FormDefinition) => void): void {
    const d = structuredClone(this.def!);
    mutate(d);
    this.def = d;
  }

  /** Inputs for a text in en/ar/ur; `get` reads the current value when an input changes (not the one rendered). */
  private localized(
    get: (d: FormDefinition) => Localized | undefined,
    set: (d: FormDefinition, v: Localized | undefined) => void,
    label: string,
    required = false,
  ) {
    const value = get(this.def!);
    return html`<fieldset class="row"><legend>${label}</legend>
      ${locales.map(
        (
          l,
        ) => html`<label class="field"><span>${l}</span><input dir=${l === 'en' ? 'ltr' : 'rtl'} lang=${l} ?required=${required && l === 'en'} .value=${value?.[l] ?? ''}
        @input=${(e: Event) => {
          const v = (e.target as HTMLInputElement).value;
          this.changeDef((d) => {
            const next = { ...(get(d) ?? { en: '' }), [l]: v || undefined } as Localized;
            set(d, next.en || next.ar || next.ur ? next : undefined);
          });
        }} /></label>`,
      )}</fieldset>`;
  }

  private async save(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const saved = await this.run(() =>
      this.client.request<FormSummary>('PUT', `/v1/admin/forms/${encodeURIComponent(this.name)}`, this.def),
    );
    if (saved) (this.toast(this.a('common.saved'), e.submitter), await this.load());
  }

  private renderField(f: FormField, i: number, count: number) {
    const set = (patch: Partial<FormField>) => this.changeDef((d) => Object.assign(d.fields[i]!, patch));
    return html`<li class="card">
      <div class="row">
        <label class="field"><span>${this.a('forms.fieldName')}</span><input required pattern="[a-z][a-z0-9_]{0,39}" dir="ltr" .value=${f.name} @input=${(e: Event) => set({ name: (e.target as HTMLInputElement).value })} /></label>
        <label class="field"><span>${this.a('forms.type')}</span><select @change=${(e: Event) => {
          const type = (e.target as HTMLSelectElement).value as FormField['type'];
          set({ type, options: type === 'select' ? (f.options ?? [{ value: 'a', label: { en: 'A' } }]) : undefined });
        }}>${types.map((t) => html`<option value=${t} ?selected=${f.type === t}>${t}</option>`)}</select></label>
        <label class="row"><input type="checkbox" .checked=${f.required} @change=${(e: Event) => set({ required: (e.target as HTMLInputElement).checked })} /> ${this.a('forms.required')}</label>
        <button type="button" ?disabled=${i === 0} aria-label="${this.a('forms.up')}: ${f.name}" @click=${() => this.changeDef((d) => d.fields.splice(i - 1, 0, d.fields.splice(i, 1)[0]!))}>↑</button>
        <button type="button" ?disabled=${i === count - 1} aria-label="${this.a('forms.down')}: ${f.name}" @click=${() => this.changeDef((d) => d.fields.splice(i + 1, 0, d.fields.splice(i, 1)[0]!))}>↓</button>
        <button type="button" @click=${() => this.changeDef((d) => d.fields.splice(i, 1))}>${this.a('users.remove')}</button>
      </div>
      ${this.localized(
        (d) => d.fields[i]?.label,
        (d, v) => (d.fields[i]!.label = v ?? { en: '' }),
        this.a('forms.label'),
        true,
      )}
      ${this.localized(
        (d) => d.fields[i]?.help,
        (d, v) => (d.fields[i]!.help = v),
        this.a('forms.help'),
      )}
      ${
        f.type === 'select'
          ? html`<label class="field"><span>${this.a('forms.options')}</span><textarea dir="auto" .value=${(f.options ?? []).map((o) => `${o.value}=${o.label.en}`).join('\n')}
            @change=${(e: Event) =>
              set({
                options: (e.target as HTMLTextAreaElement).value
                  .split('\n')
                  .map((l) => l.trim())
                  .filter(Boolean)
                  .map((l) => {
                    const [value, label] = l.split('=');
                    return { value: value!.trim(), label: { en: (label ?? value)!.trim() } };
                  }),
              })}></textarea></label>`
          : nothing
      }
    </li>`;
  }

  override render() {
    if (!this.adminMessages) return nothing;
    const d = this.def;
    const owner = this.userRole === 'owner';
    return html`<section class="card" aria-labelledby="forms-title">
      <div class="row spread"><h2 id="forms-title">${this.a('nav.forms')}</h2>
        ${owner ? html`<button class="primary" @click=${() => this.open()}>${this.a('forms.new')}</button>` : nothing}</div>
      ${
        this.forms
          ? html`<ul>${this.forms.map(
              (
                f,
              ) => html`<li>${owner ? html`<button class="link" @click=${() => this.open(f)}>${f.name}</button>` : f.name} <span class="muted">${f.definition.fields.length} · ${this.date(f.updatedAt)}</span>
        ${owner ? this.deleteButton(`/v1/admin/forms/${f.name}`, f.name, () => this.closeIf(f.name)) : nothing}</li>`,
            )}</ul>`
          : html`<p role="status">${this.a('common.loading')}</p>`
      }
      ${
        d
          ? html`<form class="card" @submit=${this.save} aria-label=${this.a('forms.editor')}>
            <div class="row">
              <label class="field"><span>${this.a('forms.name')}</span><input required pattern="[a-z0-9][a-z0-9_-]{0,39}" dir="ltr" .value=${this.name} @input=${(e: Event) => (this.name = (e.target as HTMLInputElement).value)} /></label>
              <label class="field"><span>${this.a('settings.consent')}</span><select @change=${(e: Event) => this.changeDef((x) => (x.consent = (e.target as HTMLSelectElement).value as 'none'))}>
                <option value="none" ?selected=${d.consent === 'none'}>${this.a('forms.consent.none')}</option><option value="required" ?selected=${d.consent === 'required'}>${this.a('forms.consent.required')}</option></select></label>
            </div>
            ${this.localized(
              (x) => x.title,
              (x, v) => (x.title = v),
              this.a('forms.title'),
            )}
            ${this.localized(
              (x) => x.submitLabel,
              (x, v) => (x.submitLabel = v),
              this.a('forms.submit'),
            )}
            ${this.localized(
              (x) => x.successMessage,
              (x, v) => (x.successMessage = v),
              this.a('forms.success'),
            )}
            <ol class="plain-list">${d.fields.map((f, i) => this.renderField(f, i, d.fields.length))}</ol>
            <div class="row">
              <button type="button" @click=${() => this.changeDef((x) => x.fields.push({ name: `field_${x.fields.length + 1}`, type: 'text', required: false, label: { en: 'New field' } }))}>${this.a('forms.addField')}</button>
              <button class="primary">${this.a('common.save')}</button>
            </div>
          </form>`
          : nothing
      }
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
    </section>`;
  }
}

if (!customElements.get('leadline-admin-forms')) customElements.define('leadline-admin-forms', AdminFormsView);
