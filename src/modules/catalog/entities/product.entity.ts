import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';

import { BaseEntity } from 'src/platform/database/base.entity';

import { Category } from './category.entity';

@Entity('product')
@Check('product_price_paisa_check', '"price_paisa" >= 0')
// Hand-written in the migration (a trigram expression index and partial sort indexes): the generator leaves them alone.
@Index('product_search_trgm_idx', { synchronize: false })
@Index('product_active_price_idx', { synchronize: false })
@Index('product_active_created_at_idx', { synchronize: false })
@Index('product_active_name_idx', { synchronize: false })
export class Product extends BaseEntity {
  @Index('product_sku_key', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  sku: string;

  @Index('product_slug_key', { unique: true })
  @Column({ type: 'varchar', length: 200 })
  slug: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'text', default: '' })
  description: string;

  // At most MAX_PRICE_PAISA (৳10 million), so 32 bits hold it; order amounts, which multiply it, are 64-bit.
  @Column({ type: 'integer' })
  pricePaisa: number;

  @Column({ type: 'char', length: 3, default: 'BDT' })
  currency: string;

  @Index('product_category_id_idx')
  @Column({ type: 'uuid' })
  categoryId: string;

  @ManyToOne(() => Category, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'category_id' })
  category?: Category;

  @Column({ type: 'varchar', length: 500, nullable: true })
  imageUrl: string | null;

  @Column({ type: 'boolean', default: true })
  isActive: boolean;
}
