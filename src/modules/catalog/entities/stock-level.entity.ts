import { Check, Column, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';

import { Product } from './product.entity';

@Entity('stock_level')
@Check('stock_level_on_hand_check', '"stock_on_hand" >= 0')
@Check('stock_level_allocated_check', '"stock_allocated" >= 0')
@Check('stock_level_allocated_le_on_hand_check', '"stock_allocated" <= "stock_on_hand"')
export class StockLevel {
  @PrimaryColumn({ type: 'uuid' })
  productId: string;

  @OneToOne(() => Product, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'product_id' })
  product?: Product;

  @Column({ type: 'integer', default: 0 })
  stockOnHand: number;

  // Units reserved by orders not yet shipped or cancelled.
  @Column({ type: 'integer', default: 0 })
  stockAllocated: number;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
