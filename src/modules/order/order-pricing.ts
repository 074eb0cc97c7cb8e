// Delivery fees in paisa: inside Dhaka city, elsewhere, and free above a subtotal.
export const SHIPPING_FEE_DHAKA_PAISA = 6_000;
export const SHIPPING_FEE_OUTSIDE_PAISA = 12_000;
export const FREE_SHIPPING_FROM_PAISA = 500_000;

export function shippingFeeFor(city: string, subtotalPaisa: number): number {
  if (subtotalPaisa >= FREE_SHIPPING_FROM_PAISA) return 0;
  return city.trim().toLowerCase() === 'dhaka' ? SHIPPING_FEE_DHAKA_PAISA : SHIPPING_FEE_OUTSIDE_PAISA;
}

export interface PricedLine {
  unitPricePaisa: number;
  quantity: number;
}

export function subtotalOf(lines: PricedLine[]): number {
  return lines.reduce((sum, line) => sum + line.unitPricePaisa * line.quantity, 0);
}
