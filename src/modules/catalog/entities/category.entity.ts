import { Column, Entity, Index } from 'typeorm';

import { BaseEntity } from 'src/platform/database/base.entity';

@Entity('category')
export class Category extends BaseEntity {
  @Index('category_slug_key', { unique: true })
  @Column({ type: 'varchar', length: 100 })
  slug: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;
}
