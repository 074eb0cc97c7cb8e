import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

// One row per (customer, Idempotency-Key). The primary key makes a concurrent duplicate wait for the first.
@Entity('idempotency_key')
export class IdempotencyKey {
  @PrimaryColumn({ type: 'uuid' })
  userId: string;

  @PrimaryColumn({ type: 'varchar', length: 128 })
  key: string;

  @Column({ type: 'char', length: 64 })
  requestHash: string;

  @Column({ type: 'uuid', nullable: true })
  orderId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
