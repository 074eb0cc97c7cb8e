import { FREE_SHIPPING_FROM_PAISA, shippingFeeFor, subtotalOf } from './order-pricing';

describe('order pricing', () => {
  it('should charge the Dhaka fee inside Dhaka, whatever the case and spacing', () => {
    expect(shippingFeeFor(' dhaka ', 10_000)).toBe(6_000);
    expect(shippingFeeFor('DHAKA', 10_000)).toBe(6_000);
  });

  it('should charge the outside fee elsewhere and nothing from the free-shipping threshold', () => {
    expect(shippingFeeFor('Sylhet', 10_000)).toBe(12_000);
    expect(shippingFeeFor('Sylhet', FREE_SHIPPING_FROM_PAISA - 1)).toBe(12_000);
    expect(shippingFeeFor('Sylhet', FREE_SHIPPING_FROM_PAISA)).toBe(0);
  });

  it('should sum integer paisa exactly', () => {
    expect(
      subtotalOf([
        { unitPricePaisa: 129_999, quantity: 3 },
        { unitPricePaisa: 1, quantity: 99 },
      ]),
    ).toBe(389_997 + 99);
  });
});
