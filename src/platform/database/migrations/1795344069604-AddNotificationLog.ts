import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddNotificationLog1795344069604 implements MigrationInterface {
  name = 'AddNotificationLog1795344069604';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "notification_log" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "subject_id" uuid NOT NULL, "kind" character varying(80) NOT NULL, "sent_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6f761cfbbd064e0f326960877d6" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "notification_log_key" ON "notification_log" ("subject_id", "kind") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."notification_log_key"`);
    await queryRunner.query(`DROP TABLE "notification_log"`);
  }
}
