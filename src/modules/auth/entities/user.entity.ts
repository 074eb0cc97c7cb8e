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

  // Carried in access tokens; bumped by a role change, a disable and "sign out everywhere", which ends every
  // staff token issued before.
  @Column({ type: 'integer', default: 0 })
  tokenVersion: number;

  @Column({ type: 'timestamptz', nullable: true })
  disabledAt: Date | null;
}
