import { Column, Entity, Index } from 'typeorm';

import { BaseEntity } from 'src/platform/database/base.entity';

@Entity('app_user')
export class User extends BaseEntity {
  // Stored lower-cased; the unique index makes registration race-free.
  @Index('app_user_email_key', { unique: true })
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'text', array: true, default: () => "'{customer}'" })
  roles: string[];
}
