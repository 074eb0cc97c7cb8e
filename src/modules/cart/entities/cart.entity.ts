import { Column, Entity, Index } from 'typeorm';

import { BaseEntity } from 'src/platform/database/base.entity';

@Entity('cart')
export class Cart extends BaseEntity {
  @Index('cart_user_id_key', { unique: true })
  @Column({ type: 'uuid' })
  userId: string;
}
