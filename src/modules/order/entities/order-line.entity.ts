import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

import { Order } from './order.entity';

// Lines copy name, SKU and unit price at purchase, so later catalog edits never change a placed order.
@Entity('order_line')
export class OrderLine {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('order_line_order_id_idx')
  @Column({ type: 'uuid' })
  orderId: string;

  @ManyToOne(() => Order, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'order_id' })
  order?: Order;

  @Column({ type: 'uuid' })
  productId: string;

  @Column({ type: 'varchar', length: 64 })
  sku: string;

  @Column({ type: 'varchar', length: 200 })
  productName: string;

  @Column({ type: 'bigint' })
  unitPricePaisa: number;

  @Column({ type: 'integer' })
  quantity: number;

  // 64-bit money (read back as a JavaScript number: see platform/database/data-source.ts).
  @Column({ type: 'bigint' })
  lineTotalPaisa: number;
}
