/** English strings: the reference catalogue; ar.ts and ur.ts must have every key. */
const en = {
  loading: 'Loading…',
  retry: 'Try again',
  error: 'Something went wrong. Please try again.',
  offline: 'You seem to be offline. Please try again.',
  required: 'Required',
  'form.submit': 'Send',
  'form.sending': 'Sending…',
  'form.success': 'Thank you! We will be in touch soon.',
  'form.unavailable': 'This form is not available.',
  'form.invalidEmail': 'Enter a valid email address, like name@example.com.',
  'form.tooLong': 'At most {max} characters.',
  'form.consent': 'I agree that {site} may store my details to contact me.',
  'form.fixErrors': 'Please fix the highlighted fields.',
  'form.invalidPhone': 'Enter a phone number, like +1 555 010 0100.',
  'form.choose': 'Choose…',
  'form.chooseOne': 'Choose one of the options.',
  'form.consentRequired': 'Please agree so we can contact you.',
  'form.rateLimited': 'Too many messages were sent from here. Please wait a minute and try again.',
  'form.optional': 'optional',
  'field.email': 'Email',
  'field.name': 'Name',
  'field.phone': 'Phone',
  'field.company': 'Company',
  'field.message': 'Message',
} as const;

export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;
export default en satisfies Messages;
