import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import type { Locale } from '../../../server/schemas/config.ts';
import type { Settings } from '../../../server/schemas/settings.ts';
import type {
  AdminSurvey,
  SurveyAnswerList,
  SurveyChoice,
  SurveyKind,
  SurveyTrigger,
} from '../../../server/schemas/surveys.ts';
import { AdminElement } from '../admin-element.ts';
import styles from '../admin-dashboard.styles.ts';

type Draft = Omit<AdminSurvey, 'id' | 'answers' | 'createdAt' | 'updatedAt'> & { id?: string };
const locales: Locale[] = ['en', 'ar', 'ur'];
const kinds: SurveyKind[] = ['nps', 'csat', 'choice'];
const triggers: SurveyTrigger[] = ['inline', 'purchase', 'visits', 'ticket_solved'];
const blank = (): Draft => ({
  name: '',
  kind: 'nps',
  question: {},
  choices: [],
  multiple: false,
  other: false,
  why: true,
  trigger: 'inline',
  visitsN: null,
  capDays: 90,
  active: true,
});
/** Texts typed per locale, without the empty ones (the API wants at least one, each non-empty). */
const texts = (t: Partial<Record<Locale, string>>) =>
  Object.fromEntries(Object.entries(t).filter(([, v]) => v?.trim())) as Partial<Record<Locale, string>>;

/**
 * Surveys: NPS, satisfaction and choice questions in English, Arabic and Urdu, when each is asked, the tag that
 * places one on a page, and the answers with a comment search.
 */
export class AdminSurveysView extends AdminElement {
  static override styles = styles;
  @state() private surveys: AdminSurvey[] | null = null;
  @state() private editing: Draft | null = null;
  @state() private showing: AdminSurvey | null = null;
  @state() private answers: SurveyAnswerList | null = null;
  @state() private q = '';
  /** Answers that chose this ('' = any). */
  @state() private chosen = '';
  /** The post-purchase email setting (owners only). */
  @state() private email: Settings['purchaseSurvey'] | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    const r = await this.run(() => this.client.get<{ surveys: AdminSurvey[] }>('/v1/admin/surveys'));
    if (r) this.surveys = r.surveys;
    if (this.userRole === 'owner' && this.email === undefined)
      this.email = (await this.client.get<Settings>('/v1/admin/settings').catch(() => null))?.purchaseSurvey ?? null;
  }

  private async saveEmail(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const d = Object.fromEntries(new FormData(e.target as HTMLFormElement).entries()) as Record<string, string>;
    const purchaseSurvey = d.surveyId
      ? {
          surveyId: d.surveyId,
          pageUrl: d.pageUrl ?? '',
          audience: d.audience === 'customers' ? 'customers' : 'consented',
        }
      : null;
    const saved = await this.run(() => this.client.patch<Settings>('/v1/admin/settings', { purchaseSurvey }));
    if (saved) ((this.email = saved.purchaseSurvey), this.toast(this.a('common.saved'), e.submitter));
  }

  /** Owners: which survey the post-purchase email asks, the page its link opens, and to whom. */
  private renderEmail() {
    const e = this.email;
    if (this.userRole !== 'owner' || e === undefined || !this.surveys) return nothing;
    return html`<form class="card" @submit=${this.saveEmail} aria-labelledby="survey-email-title">
      <h3 id="survey-email-title">${this.a('surveys.email')}</h3>
      <p class="muted">${this.a('surveys.emailHelp')}</p>
      <div class="row">
        <label class="field"><span>${this.a('surveys.emailSurvey')}</span><select name="surveyId">
          <option value="" ?selected=${!e}>${this.a('surveys.emailOff')}</option>
          ${this.surveys.filter((s) => s.active).map((s) => html`<option value=${s.id} ?selected=${e?.surveyId === s.id}>${s.name}</option>`)}</select></label>
        <label class="field grow"><span>${this.a('surveys.emailPage')}</span><input name="pageUrl" type="url" dir="ltr" maxlength="2048"
          placeholder="https://shop.example/thanks" .value=${e?.pageUrl ?? ''} /></label>
        <label class="field"><span>${this.a('surveys.emailAudience')}</span><select name="audience">
          ${(['consented', 'customers'] as const).map((a) => html`<option value=${a} ?selected=${(e?.audience ?? 'consented') === a}>${this.a(`surveys.audience.${a}`)}</option>`)}</select></label>
        <button class="primary">${this.a('common.save')}</button>
      </div>
    </form>`;
  }

  /** Changes the draft; `patch` may read the draft as it is now (several changes can come before a render). */
  private set(patch: Partial<Draft> | ((d: Draft) => Partial<Draft>)): void {
    this.editing = { ...this.editing!, ...(typeof patch === 'function' ? patch(this.editing!) : patch) };
  }

  private setChoice(i: number, patch: Partial<SurveyChoice> | { locale: Locale; text: string }): void {
    const choices = this.editing!.choices.map((c, n) =>
      n !== i
        ? c
        : 'locale' in patch
          ? { ...c, label: { ...c.label, [patch.locale]: patch.text } }
          : { ...c, ...patch },
    );
    this.set({ choices });
  }

  private async save(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const { id, ...d } = this.editing!;
    const body = {
      ...d,
      question: texts(d.question),
      choices: d.kind === 'choice' ? d.choices.map((c) => ({ ...c, label: texts(c.label) })) : [],
      visitsN: d.trigger === 'visits' ? (d.visitsN ?? 1) : null,
    };
    const saved = await this.run(() =>
      id
        ? this.client.patch<AdminSurvey>(`/v1/admin/surveys/${id}`, body)
        : this.client.post<AdminSurvey>('/v1/admin/surveys', body),
    );
    if (saved) ((this.editing = null), await this.load());
  }

  private async showAnswers(s: AdminSurvey, more = false): Promise<void> {
    if (!more) {
      if (this.showing?.id !== s.id) this.chosen = '';
      ((this.showing = s), (this.answers = null));
    }
    const p = new URLSearchParams({ limit: '50' });
    if (this.q.trim()) p.set('q', this.q.trim());
    if (this.chosen && s.kind === 'choice') p.set('choice', this.chosen);
    if (more && this.answers?.next) p.set('before', this.answers.next);
    const r = await this.run(() => this.client.get<SurveyAnswerList>(`/v1/admin/surveys/${s.id}/answers?${p}`));
    if (r) this.answers = more && this.answers ? { answers: [...this.answers.answers, ...r.answers], next: r.next } : r;
  }

  private renderEditor(s: Draft) {
    const text = (value: string | undefined, set: (v: string) => void, label: string, locale: Locale) =>
      html`<label class="field grow"><span>${label}</span><input dir=${locale === 'en' ? 'ltr' : 'rtl'} lang=${locale}
        maxlength="500" .value=${value ?? ''} @input=${(e: Event) => set((e.target as HTMLInputElement).value)} /></label>`;
    const check = (key: 'multiple' | 'other' | 'why' | 'active') =>
      html`<label><input type="checkbox" .checked=${s[key]} @change=${(e: Event) => this.set({ [key]: (e.target as HTMLInputElement).checked })} />
        ${this.a(key === 'other' ? 'surveys.otherAnswer' : `surveys.${key}`)}</label>`;
    return html`<form class="card" @submit=${this.save} aria-label=${this.a('surveys.editor')}>
      <div class="row">
        <label class="field grow"><span>${this.a('surveys.name')}</span><input required maxlength="200" dir="auto" .value=${s.name}
          @input=${(e: Event) => this.set({ name: (e.target as HTMLInputElement).value })} /></label>
        <label class="field"><span>${this.a('surveys.kind')}</span><select @change=${(e: Event) => this.set({ kind: (e.target as HTMLSelectElement).value as SurveyKind })}>
          ${kinds.map((k) => html`<option value=${k} ?selected=${s.kind === k}>${this.a(`surveys.kind.${k}`)}</option>`)}</select></label>
      </div>
      <div class="row">${locales.map((l) =>
        text(
          s.question[l],
          (v) => this.set((d) => ({ question: { ...d.question, [l]: v } })),
          this.a('surveys.question', { locale: l }),
          l,
        ),
      )}</div>
      ${
        s.kind === 'choice'
          ? html`<fieldset><legend>${this.a('surveys.choices')}</legend>
            <ol class="plain-list">${s.choices.map(
              (c, i) => html`<li class="row">
                <label class="field"><span>${this.a('surveys.choiceId')}</span><input required dir="ltr" size="8" pattern="[a-z0-9_-]{1,40}" .value=${c.id}
                  @input=${(e: Event) => this.setChoice(i, { id: (e.target as HTMLInputElement).value })} /></label>
                ${locales.map((l) => text(c.label[l], (v) => this.setChoice(i, { locale: l, text: v }), this.a('surveys.choiceLabel', { locale: l }), l))}
                <button type="button" aria-label=${this.a('surveys.removeChoice', { n: i + 1 })}
                  @click=${() => this.set((d) => ({ choices: d.choices.filter((_, n) => n !== i) }))}>×</button>
              </li>`,
            )}</ol>
            <button type="button" @click=${() => this.set((d) => ({ choices: [...d.choices, { id: `c${d.choices.length + 1}`, label: {} }] }))}>${this.a('surveys.addChoice')}</button>
            <div class="row">${check('multiple')}${check('other')}</div>
          </fieldset>`
          : nothing
      }
      <div class="row">
        ${check('why')}
        <label class="field"><span>${this.a('surveys.trigger')}</span><select @change=${(e: Event) => this.set({ trigger: (e.target as HTMLSelectElement).value as SurveyTrigger })}>
          ${triggers.map((t) => html`<option value=${t} ?selected=${s.trigger === t}>${this.a(`surveys.trigger.${t}`)}</option>`)}</select></label>
        ${
          s.trigger === 'visits'
            ? html`<label class="field"><span>${this.a('surveys.visitsN')}</span><input type="number" min="1" max="1000" required class="w6"
              .value=${String(s.visitsN ?? 3)} @input=${(e: Event) => this.set({ visitsN: Number((e.target as HTMLInputElement).value) || null })} /></label>`
            : nothing
        }
        <label class="field"><span>${this.a('surveys.capDays')}</span><input type="number" min="0" max="3650" required class="w6"
          .value=${String(s.capDays)} @input=${(e: Event) => this.set({ capDays: Number((e.target as HTMLInputElement).value) })} /></label>
        ${check('active')}
      </div>
      <div class="row">
        <button type="button" @click=${() => (this.editing = null)}>${this.a('common.cancel')}</button>
        <button class="primary">${this.a('common.save')}</button>
      </div>
    </form>`;
  }

  private renderAnswers(s: AdminSurvey) {
    const list = this.answers;
    return html`<section class="card" aria-labelledby="answers-title">
      <h3 id="answers-title" dir="auto">${this.a('surveys.answersOf', { name: s.name })}</h3>
      <form class="row" role="search" @submit=${(e: Event) => (e.preventDefault(), void this.showAnswers(s))}>
        <label class="field grow"><span>${this.a('surveys.search')}</span><input type="search" dir="auto" maxlength="200" .value=${this.q}
          @input=${(e: Event) => (this.q = (e.target as HTMLInputElement).value)} /></label>
        ${
          s.kind === 'choice'
            ? html`<label class="field"><span>${this.a('reports.col.choice')}</span><select @change=${(e: Event) => (this.chosen = (e.target as HTMLSelectElement).value)}>
              <option value="">${this.a('reports.any')}</option>
              ${[...s.choices.map((c) => [c.id, c.label[this.activeLocale] ?? c.label.en ?? c.id]), ...(s.other ? [['other', this.a('surveys.otherAnswer')]] : [])].map(([v, l]) => html`<option value=${v!} ?selected=${this.chosen === v}>${l}</option>`)}
            </select></label>`
            : nothing
        }
        <button>${this.a('surveys.search')}</button>
      </form>
      ${
        !list
          ? html`<p role="status">${this.a('common.loading')}</p>`
          : !list.answers.length
            ? html`<p role="status">${this.a('surveys.noAnswers')}</p>`
            : html`<table><thead><tr><th>${this.a('surveys.who')}</th><th>${this.a('surveys.score')}</th><th>${this.a('surveys.comment')}</th></tr></thead>
              <tbody>${list.answers.map(
                (a) => html`<tr>
                  <td>${a.contactId ? html`<a href="#/contacts/${a.contactId}">${this.bdi(a.contactName ?? a.contactEmail ?? a.contactId)}</a>` : this.a('surveys.anonymous')}
                    <div class="muted">${this.date(a.createdAt, true)}</div></td>
                  <td>${a.score ?? this.bdi([...a.choices.map((id) => s.choices.find((c) => c.id === id)?.label[this.activeLocale] ?? id), ...(a.other ? [a.other] : [])].join(', '))}</td>
                  <td dir="auto">${a.comment ?? ''}</td></tr>`,
              )}</tbody></table>
              ${list.next ? html`<button @click=${() => this.showAnswers(s, true)}>${this.a('surveys.more')}</button>` : nothing}`
      }
    </section>`;
  }

  override render() {
    if (!this.adminMessages) return nothing;
    const edit = (s: AdminSurvey) => {
      const { answers: _n, createdAt: _c, updatedAt: _u, ...draft } = s;
      this.editing = structuredClone(draft);
    };
    return html`<section class="card" aria-labelledby="surveys-title">
      <div class="row spread"><h2 id="surveys-title">${this.a('nav.surveys')}</h2>
        ${this.canEdit ? html`<button class="primary" @click=${() => (this.editing = blank())}>${this.a('surveys.new')}</button>` : nothing}</div>
      ${this.editing ? this.renderEditor(this.editing) : nothing}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${
        !this.surveys
          ? html`<p role="status">${this.a('common.loading')}</p>`
          : !this.surveys.length
            ? html`<p role="status">${this.a('surveys.none')}</p>`
            : html`<table><thead><tr><th>${this.a('surveys.name')}</th><th>${this.a('surveys.kind')}</th><th>${this.a('surveys.trigger')}</th>
                <th>${this.a('surveys.answers')}</th><th>${this.a('surveys.snippet')}</th></tr></thead>
              <tbody>${this.surveys.map(
                (s) => html`<tr>
                  <td>${this.canEdit ? html`<button class="link" @click=${() => edit(s)}>${this.bdi(s.name)}</button>` : this.bdi(s.name)}
                    ${s.active ? nothing : html`<span class="muted">(${this.a('surveys.inactive')})</span>`}</td>
                  <td>${this.a(`surveys.kind.${s.kind}`)}</td>
                  <td>${this.a(`surveys.trigger.${s.trigger}`)}</td>
                  <td><button class="link" @click=${() => this.showAnswers(s)}>${this.number(s.answers)}</button></td>
                  <td><input readonly dir="ltr" aria-label="${this.a('surveys.snippet')}: ${s.name}" .value=${`<leadline-survey survey="${s.id}"></leadline-survey>`}
                    @focus=${(e: Event) => (e.target as HTMLInputElement).select()} /></td>
                </tr>`,
              )}</tbody></table>`
      }
    </section>
    ${this.renderEmail()}
    ${this.showing ? this.renderAnswers(this.showing) : nothing}`;
  }
}

if (!customElements.get('leadline-admin-surveys')) customElements.define('leadline-admin-surveys', AdminSurveysView);
