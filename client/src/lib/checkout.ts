import type { PaymentMethod, ShippingAddress } from './types';

export interface ShippingForm {
  name: string;
  phone: string;
  line1: string;
  city: string;
  postalCode: string;
}

export type ShippingErrors = Partial<Record<keyof ShippingForm, string>>;

export const EMPTY_SHIPPING: ShippingForm = { name: '', phone: '', line1: '', city: '', postalCode: '' };

const BD_MOBILE = /^(\+?88)?01[3-9]\d{8}$/;

/** Field errors worded for people; an empty object means the form is valid. */
export function validateShipping(form: ShippingForm): ShippingErrors {
  const errors: ShippingErrors = {};
  if (form.name.trim().length < 2) errors.name = 'Enter the name of the person receiving the order.';
  else if (form.name.trim().length > 100) errors.name = 'Name must be at most 100 characters.';
  const phone = form.phone.replace(/[\s-]/g, '');
  if (!phone) errors.phone = 'Enter a phone number so the courier can reach you.';
  else if (!BD_MOBILE.test(phone)) errors.phone = 'Enter a Bangladeshi mobile number, e.g. 01712345678.';
  if (form.line1.trim().length < 5) errors.line1 = 'Enter the full delivery address (house, road, area).';
  else if (form.line1.trim().length > 200) errors.line1 = 'Address must be at most 200 characters.';
  if (!form.city.trim()) errors.city = 'Enter the city.';
  if (form.postalCode.trim() && !/^\d{4}$/.test(form.postalCode.trim())) errors.postalCode = 'Postal code is 4 digits.';
  return errors;
}

export function toShippingAddress(form: ShippingForm): ShippingAddress {
  const address: ShippingAddress = {
    name: form.name.trim(),
    phone: form.phone.replace(/[\s-]/g, ''),
    line1: form.line1.trim(),
    city: form.city.trim(),
  };
  if (form.postalCode.trim()) address.postalCode = form.postalCode.trim();
  return address;
}

export const PAYMENT_OPTIONS: Array<{ value: PaymentMethod; label: string; hint: string }> = [
  { value: 'cod', label: 'Cash on delivery', hint: 'Pay the courier when your order arrives.' },
  { value: 'card', label: 'Card', hint: 'Visa, Mastercard or Amex (simulated).' },
  { value: 'bkash', label: 'bKash', hint: 'Pay from your bKash wallet (simulated).' },
];

/** Only same-site paths are followed after sign-in (no open redirects). */
export function safeRedirect(target: string | null | undefined, fallback = '/'): string {
  if (!target || !target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) return fallback;
  if (target.startsWith('/signin') || target.startsWith('/register')) return fallback;
  return target;
}
