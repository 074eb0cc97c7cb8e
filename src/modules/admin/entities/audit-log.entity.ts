import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity('audit_log')
@Index('audit_log_created_at_idx', ['createdAt'])
export class AuditLog {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  actorId: string;

  @Column({ type: 'varchar', length: 60 })
  action: string;

  @Column({ type: 'varchar', length: 30 })
  targetType: string;

  @Column({ type: 'varchar', length: 64 })
  targetId: string;

  // { field: { from, to } } for every field the write changed.
  @Column({ type: 'jsonb' })
  diff: Record<string, { from: unknown; to: unknown }>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
