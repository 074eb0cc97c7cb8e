import { Check, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

import { Cart } from './cart.entity';

@Entity('cart_line')
@Check('cart_line_quantity_check', '"quantity" BETWEEN 1 AND 99')
export class CartLine {
  @PrimaryColumn({ type: 'uuid' })
  cartId: string;

  @ManyToOne(() => Cart, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'cart_id' })
  cart?: Cart;

  @PrimaryColumn({ type: 'uuid' })
  productId: string;

  @Column({ type: 'integer' })
  quantity: number;

  @CreateDateColumn({ type: 'timestamptz' })
  addedAt: Date;
}
