import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

// One row per notification actually sent; its unique key makes a job that runs twice send once.
@Entity('notification_log')
@Index('notification_log_key', ['subjectId', 'kind'], { unique: true })
export class NotificationLog {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  // The order (or, for stock alerts, the product) the notification is about.
  @Column({ type: 'uuid' })
  subjectId: string;

  // e.g. 'confirmation', 'status:paid', 'operator:big_order', 'operator:stock_depleted:<when>'
  @Column({ type: 'varchar', length: 80 })
  kind: string;

  @CreateDateColumn({ type: 'timestamptz' })
  sentAt: Date;
}
