import { Column, Entity, Index } from 'typeorm';

import { BaseEntity } from 'src/platform/database/base.entity';

import type { OrderStatus, PaymentMethod } from '../order-status';

export interface ShippingAddress {
  name: string;
  phone: string;
  line1: string;
  city: string;
  postalCode?: string;
}

@Entity('orders')
@Index('orders_user_id_created_at_idx', ['userId', 'createdAt'])
@Index('orders_status_created_at_idx', ['status', 'createdAt'])
export class Order extends BaseEntity {
  // Human-facing number from the order_number_seq sequence (DC-100001), assigned at insert.
  @Index('orders_number_key', { unique: true })
  @Column({ type: 'varchar', length: 20 })
  number: string;

  @Column({ type: 'uuid' })
  userId: string;

  @Column({ type: 'varchar', length: 20 })
  status: OrderStatus;

  @Column({ type: 'bigint' })
  subtotalPaisa: number;

  @Column({ type: 'bigint' })
  shippingFeePaisa: number;

  // 64-bit money (read back as a JavaScript number: see platform/database/data-source.ts).
  @Column({ type: 'bigint' })
  totalPaisa: number;

  @Column({ type: 'char', length: 3, default: 'BDT' })
  currency: string;

  @Column({ type: 'varchar', length: 10 })
  paymentMethod: PaymentMethod;

  @Column({ type: 'jsonb' })
  shippingAddress: ShippingAddress;
}
