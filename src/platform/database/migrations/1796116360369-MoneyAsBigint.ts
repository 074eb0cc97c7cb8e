import { MigrationInterface, QueryRunner } from 'typeorm';

// Order amounts become 64-bit: an order above ৳21.47 million (2^31 - 1 paisa) overflowed a 32-bit integer.
// ALTER ... TYPE keeps the data (TypeORM's generated drop-and-add would not); it rewrites the two tables under an
// exclusive lock, which at today's size takes well under a second. product.price_paisa stays 32-bit (a price is at
// most ৳10 million): the previous release's named prepared statements return it, and PostgreSQL refuses to run a
// cached plan whose result type changed, which would fail every checkout on the old replicas during the rolling
// update. No prepared statement of the previous release returns an order amount (docs/deployment.md, release notes).
const MONEY_COLUMNS: Array<[table: string, column: string]> = [
  ['orders', 'subtotal_paisa'],
  ['orders', 'shipping_fee_paisa'],
  ['orders', 'total_paisa'],
  ['order_line', 'unit_price_paisa'],
  ['order_line', 'line_total_paisa'],
];

export class MoneyAsBigint1796116360369 implements MigrationInterface {
  name = 'MoneyAsBigint1796116360369';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const [table, column] of MONEY_COLUMNS) {
      await queryRunner.query(`ALTER TABLE "${table}" ALTER COLUMN "${column}" TYPE bigint`);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Fails (and changes nothing) if an amount no longer fits in 32 bits.
    for (const [table, column] of [...MONEY_COLUMNS].reverse()) {
      await queryRunner.query(`ALTER TABLE "${table}" ALTER COLUMN "${column}" TYPE integer`);
    }
  }
}
