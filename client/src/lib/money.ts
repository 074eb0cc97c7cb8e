const grouping = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Formats integer paisa as BDT, e.g. 129900 -> "৳1,299.00". */
export function formatBdt(paisa: number | string): string {
  // A string amount comes from a replica of an older release during a rolling update (bigint read as text).
  const value = typeof paisa === 'string' ? Number(paisa) : paisa;
  if (!Number.isFinite(value)) return '৳0.00';
  const sign = value < 0 ? '-' : '';
  return `${sign}৳${grouping.format(Math.abs(Math.round(value)) / 100)}`;
}

/** Parses a taka amount typed by a person ("1,299.50", "৳ 1299") into integer paisa, or null when invalid. */
export function parseBdtToPaisa(input: string): number | null {
  const cleaned = input.replace(/[৳,\s]/g, '');
  if (cleaned === '' || !/^\d+(\.\d{1,2})?$/.test(cleaned)) return null;
  const [whole, fraction = ''] = cleaned.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

/** Paisa -> a plain taka string for form inputs ("1299.5" style is avoided: always two decimals unless whole). */
export function paisaToInput(paisa: number): string {
  return paisa % 100 === 0 ? String(paisa / 100) : (paisa / 100).toFixed(2);
}

export type StockState = { kind: 'in' | 'low' | 'out'; label: string };

/** "In stock", "Only 3 left" (<= 5), "Out of stock". */
export function stockState(stock: number): StockState {
  if (stock <= 0) return { kind: 'out', label: 'Out of stock' };
  if (stock <= 5) return { kind: 'low', label: `Only ${stock} left` };
  return { kind: 'in', label: 'In stock' };
}

/** Mirrors the API's shipping rule (src/modules/order/order-pricing.ts); the order shows the real figure. */
export function shippingFee(city: string, subtotalPaisa: number): number {
  if (subtotalPaisa >= 500_000) return 0;
  return city.trim().toLowerCase() === 'dhaka' ? 6_000 : 12_000;
}
