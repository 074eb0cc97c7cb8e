import { formatBdt, paisaToInput, parseBdtToPaisa, shippingFee, stockState } from './money';

describe('formatBdt', () => {
  it('formats paisa as taka with grouping and two decimals', () => {
    expect(formatBdt(129900)).toBe('৳1,299.00');
    expect(formatBdt(0)).toBe('৳0.00');
    expect(formatBdt(5)).toBe('৳0.05');
    expect(formatBdt(12345678950)).toBe('৳123,456,789.50');
  });
  it('handles negative and non-finite values', () => {
    expect(formatBdt(-6000)).toBe('-৳60.00');
    expect(formatBdt(Number.NaN)).toBe('৳0.00');
  });
  it('formats an amount an older replica sent as a string', () => {
    expect(formatBdt('216000000000')).toBe('৳2,160,000,000.00');
    expect(formatBdt('not money')).toBe('৳0.00');
  });
});

describe('parseBdtToPaisa', () => {
  it('parses what people type', () => {
    expect(parseBdtToPaisa('1299')).toBe(129900);
    expect(parseBdtToPaisa('1,299.5')).toBe(129950);
    expect(parseBdtToPaisa('৳ 1,299.05')).toBe(129905);
  });
  it('rejects invalid amounts', () => {
    expect(parseBdtToPaisa('')).toBeNull();
    expect(parseBdtToPaisa('12.345')).toBeNull();
    expect(parseBdtToPaisa('-5')).toBeNull();
    expect(parseBdtToPaisa('abc')).toBeNull();
  });
  it('round-trips with paisaToInput', () => {
    expect(paisaToInput(129900)).toBe('1299');
    expect(paisaToInput(129950)).toBe('1299.50');
    expect(parseBdtToPaisa(paisaToInput(129950))).toBe(129950);
  });
});

describe('stockState', () => {
  it('labels stock for customers', () => {
    expect(stockState(0).label).toBe('Out of stock');
    expect(stockState(-1).kind).toBe('out');
    expect(stockState(1).label).toBe('Only 1 left');
    expect(stockState(3).label).toBe('Only 3 left');
    expect(stockState(5).label).toBe('Only 5 left');
    expect(stockState(6).label).toBe('In stock');
  });
});

describe('shippingFee', () => {
  it('mirrors the API rule', () => {
    expect(shippingFee('Dhaka', 100000)).toBe(6000);
    expect(shippingFee(' dhaka ', 100000)).toBe(6000);
    expect(shippingFee('Chattogram', 100000)).toBe(12000);
    expect(shippingFee('Sylhet', 500000)).toBe(0);
  });
});
