import { z } from 'zod';

/** Text in each language: English is required, Arabic and Urdu fall back to it. */
export const localized = z.object({
  en: z.string().min(1).max(500),
  ar: z.string().max(500).optional(),
  ur: z.string().max(500).optional(),
});
export type Localized = z.infer<typeof localized>;

export const formName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'lower-case letters, digits, - and _, at most 40');
export const fieldName = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, 'lower-case letters, digits and _, starting with a letter');

/** The standard contact fields and the input type each one has. */
export const standardFields = {
  email: 'email',
  name: 'text',
  phone: 'tel',
  company: 'text',
  message: 'textarea',
} as const;

export const formField = z
  .object({
    name: fieldName,
    type: z.enum(['email', 'text', 'tel', 'textarea', 'select', 'checkbox']),
    label: localized,
    help: localized.optional(),
    required: z.boolean().default(false),
    /** For `select`. */
    options: z
      .array(z.object({ value: z.string().min(1).max(100), label: localized }))
      .min(1)
      .max(50)
      .optional(),
    maxLength: z.number().int().min(1).max(5000).optional(),
  })
  .refine((f) => !(f.name in standardFields) || standardFields[f.name as keyof typeof standardFields] === f.type, {
    message: 'a standard field keeps its type (email: email, name: text, phone: tel, company: text, message: textarea)',
    path: ['type'],
  })
  .refine((f) => (f.type === 'select') === !!f.options, {
    message: 'select fields, and only they, have options',
    path: ['options'],
  });
export type FormField = z.infer<typeof formField>;

export const formDefinition = z
  .object({
    title: localized.optional(),
    submitLabel: localized.optional(),
    successMessage: localized.optional(),
    /** `required`: the visitor must tick "I agree to be contacted" to send. */
    consent: z.enum(['none', 'required']).default('none'),
    fields: z.array(formField).min(1).max(30),
  })
  .refine((d) => new Set(d.fields.map((f) => f.name)).size === d.fields.length, {
    message: 'field names must be unique',
    path: ['fields'],
  })
  .refine((d) => d.fields.some((f) => f.name === 'email' || f.name === 'phone'), {
    message: 'a lead form needs an email or a phone field',
    path: ['fields'],
  });
export type FormDefinition = z.infer<typeof formDefinition>;

/** The form every new site starts with. */
export const defaultContactForm: FormDefinition = {
  title: { en: 'Contact us', ar: 'تواصل معنا', ur: 'ہم سے رابطہ کریں' },
  consent: 'none',
  fields: [
    { name: 'name', type: 'text', required: true, label: { en: 'Name', ar: 'الاسم', ur: 'نام' } },
    { name: 'email', type: 'email', required: true, label: { en: 'Email', ar: 'البريد الإلكتروني', ur: 'ای میل' } },
    { name: 'company', type: 'text', required: false, label: { en: 'Company', ar: 'الشركة', ur: 'کمپنی' } },
    {
      name: 'message',
      type: 'textarea',
      required: false,
      label: { en: 'How can we help?', ar: 'كيف يمكننا مساعدتك؟', ur: 'ہم آپ کی کیا مدد کر سکتے ہیں؟' },
    },
  ],
};

export const formSummary = z.object({
  name: formName,
  definition: formDefinition,
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type FormSummary = z.infer<typeof formSummary>;

/** `fields` of a lead submission, checked against a form definition: types, required, options, lengths. */
export function submissionSchema(def: FormDefinition) {
  const shape: Record<string, z.ZodType> = {};
  for (const f of def.fields) {
    let s: z.ZodType;
    if (f.type === 'checkbox') s = f.required ? z.literal(true, { error: 'required' }) : z.boolean();
    else {
      let str = z
        .string()
        .trim()
        .max(f.maxLength ?? (f.type === 'textarea' ? 5000 : 200));
      if (f.required) str = str.min(1, 'required');
      if (f.type === 'email') s = f.required ? str.pipe(z.email()) : z.union([z.literal(''), str.pipe(z.email())]);
      else if (f.type === 'tel') s = str.regex(/^$|^[+()\d\s./-]{5,30}$/, 'expected a phone number');
      else if (f.type === 'select')
        s = f.required
          ? z.enum(f.options!.map((o) => o.value) as [string, ...string[]])
          : z.union([z.literal(''), z.enum(f.options!.map((o) => o.value) as [string, ...string[]])]);
      else s = str;
    }
    shape[f.name] = f.required ? s : s.optional();
  }
  // Unknown fields are dropped: only what the form asks is kept.
  return z.object(shape);
}

/** Fields of a capture without a definition (`<form data-ll-form>`): standard ones checked, others kept as short text. */
export const capturedFields = z
  .object({
    email: z.union([z.literal(''), z.string().trim().max(254).pipe(z.email())]).optional(),
    name: z.string().trim().max(200).optional(),
    phone: z.string().trim().max(50).optional(),
    company: z.string().trim().max(200).optional(),
    message: z.string().max(5000).optional(),
  })
  .catchall(z.union([z.string().max(1000), z.boolean()]))
  .refine((f) => f.email || f.phone, { message: 'an email or a phone is needed', path: ['email'] });
