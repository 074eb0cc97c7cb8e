import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import { Page } from 'src/platform/database/sql';

import { AuditDiff } from './audit-diff';
import { AuditEntryResponse } from './dto/admin.dto';

export interface AuditRecord {
  actorId: string;
  action: string;
  targetType: string;
  targetId: string;
  diff: AuditDiff;
}

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Written inside the admin write's own transaction: no change without its audit entry. */
  async record(manager: EntityManager, entry: AuditRecord): Promise<void> {
    await manager.query(
      `INSERT INTO audit_log (actor_id, action, target_type, target_id, diff) VALUES ($1, $2, $3, $4, $5)`,
      [entry.actorId, entry.action, entry.targetType, entry.targetId, JSON.stringify(entry.diff)],
    );
  }

  async list(page: number, limit: number): Promise<Page<AuditEntryResponse>> {
    const [{ total }]: Array<{ total: number }> = await this.dataSource.query(`SELECT count(*)::int AS total FROM audit_log`);
    const rows: Array<{
      id: string;
      actor_id: string;
      actor_email: string | null;
      action: string;
      target_type: string;
      target_id: string;
      diff: AuditDiff;
      created_at: Date;
    }> = await this.dataSource.query(
      `SELECT a.id, a.actor_id, u.email AS actor_email, a.action, a.target_type, a.target_id, a.diff, a.created_at
         FROM audit_log a LEFT JOIN app_user u ON u.id = a.actor_id
        ORDER BY a.created_at DESC, a.id LIMIT $1 OFFSET $2`,
      [limit, (page - 1) * limit],
    );
    return {
      items: rows.map((r) => ({
        id: r.id,
        actorId: r.actor_id,
        actorEmail: r.actor_email,
        action: r.action,
        targetType: r.target_type,
        targetId: r.target_id,
        diff: r.diff,
        at: r.created_at.toISOString(),
      })),
      total,
      page,
      limit,
    };
  }
}
