import type { FormField } from '../../server/schemas/forms.ts';
import type { MessageKey } from '../locales/en.ts';

export type FieldValue = string | boolean;

/**
 * The browser-side check of one field, the same rules the server applies
 * (server/schemas/forms.ts): returns a message key and its values, or null.
 */
export function fieldError(
  field: FormField,
  value: FieldValue | undefined,
): [MessageKey, Record<string, number>?] | null {
  if (field.type === 'checkbox') return field.required && value !== true ? ['required'] : null;
  const text = typeof value === 'string' ? value.trim() : '';
  if (!text) return field.required ? [field.type === 'select' ? 'form.chooseOne' : 'required'] : null;
  const max = field.maxLength ?? (field.type === 'textarea' ? 5000 : 200);
  if (text.length > max) return ['form.tooLong', { max }];
  if (field.type === 'email' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text)) return ['form.invalidEmail'];
  if (field.type === 'tel' && !/^[+()\d\s./-]{5,30}$/.test(text)) return ['form.invalidPhone'];
  if (field.type === 'select' && !field.options?.some((o) => o.value === text)) return ['form.chooseOne'];
  return null;
}
