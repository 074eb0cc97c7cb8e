import { formatTaka } from './order-notifications.service';

describe('formatTaka', () => {
  it('should format paisa as taka with grouping and two decimals', () => {
    expect(formatTaka(129_900)).toBe('৳1,299.00');
    expect(formatTaka(5)).toBe('৳0.05');
    expect(formatTaka(1_234_567_89)).toBe('৳1,234,567.89');
  });
});
