import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1795340653647 implements MigrationInterface {
  name = 'InitialSchema1795340653647';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(`CREATE SEQUENCE order_number_seq START 100001`);
    await queryRunner.query(
      `CREATE TABLE "orders" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "number" character varying(20) NOT NULL, "user_id" uuid NOT NULL, "status" character varying(20) NOT NULL, "subtotal_paisa" integer NOT NULL, "shipping_fee_paisa" integer NOT NULL, "total_paisa" integer NOT NULL, "currency" character(3) NOT NULL DEFAULT 'BDT', "payment_method" character varying(10) NOT NULL, "shipping_address" jsonb NOT NULL, CONSTRAINT "PK_710e2d4957aa5878dfe94e4ac2f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "orders_number_key" ON "orders" ("number") `);
    await queryRunner.query(
      `CREATE INDEX "orders_status_created_at_idx" ON "orders" ("status", "created_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "orders_user_id_created_at_idx" ON "orders" ("user_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "order_status_history" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "order_id" uuid NOT NULL, "from_status" character varying(20), "to_status" character varying(20) NOT NULL, "actor_type" character varying(10) NOT NULL, "actor_id" uuid, "note" character varying(200), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e6c66d853f155531985fc4f6ec8" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "order_status_history_order_id_idx" ON "order_status_history" ("order_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "order_line" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "order_id" uuid NOT NULL, "product_id" uuid NOT NULL, "sku" character varying(64) NOT NULL, "product_name" character varying(200) NOT NULL, "unit_price_paisa" integer NOT NULL, "quantity" integer NOT NULL, "line_total_paisa" integer NOT NULL, CONSTRAINT "PK_01a7c973d9f30479647e44f9892" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "order_line_order_id_idx" ON "order_line" ("order_id") `);
    await queryRunner.query(
      `CREATE TABLE "category" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "slug" character varying(100) NOT NULL, "name" character varying(100) NOT NULL, CONSTRAINT "PK_9c4e4a89e3674fc9f382d733f03" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "category_slug_key" ON "category" ("slug") `);
    await queryRunner.query(
      `CREATE TABLE "product" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sku" character varying(64) NOT NULL, "slug" character varying(200) NOT NULL, "name" character varying(200) NOT NULL, "description" text NOT NULL DEFAULT '', "price_paisa" integer NOT NULL, "currency" character(3) NOT NULL DEFAULT 'BDT', "category_id" uuid NOT NULL, "image_url" character varying(500), "is_active" boolean NOT NULL DEFAULT true, CONSTRAINT "product_price_paisa_check" CHECK ("price_paisa" >= 0), CONSTRAINT "PK_bebc9158e480b949565b4dc7a82" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "product_sku_key" ON "product" ("sku") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "product_slug_key" ON "product" ("slug") `);
    await queryRunner.query(`CREATE INDEX "product_category_id_idx" ON "product" ("category_id") `);
    await queryRunner.query(
      `CREATE TABLE "stock_level" ("product_id" uuid NOT NULL, "stock_on_hand" integer NOT NULL DEFAULT '0', "stock_allocated" integer NOT NULL DEFAULT '0', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "stock_level_allocated_le_on_hand_check" CHECK ("stock_allocated" <= "stock_on_hand"), CONSTRAINT "stock_level_allocated_check" CHECK ("stock_allocated" >= 0), CONSTRAINT "stock_level_on_hand_check" CHECK ("stock_on_hand" >= 0), CONSTRAINT "PK_dda0d2580ff55ca940846ca2428" PRIMARY KEY ("product_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "idempotency_key" ("user_id" uuid NOT NULL, "key" character varying(128) NOT NULL, "request_hash" character(64) NOT NULL, "order_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_de390066dce788f80744a8f6626" PRIMARY KEY ("user_id", "key"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "cart" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "user_id" uuid NOT NULL, CONSTRAINT "PK_c524ec48751b9b5bcfbf6e59be7" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "cart_user_id_key" ON "cart" ("user_id") `);
    await queryRunner.query(
      `CREATE TABLE "cart_line" ("cart_id" uuid NOT NULL, "product_id" uuid NOT NULL, "quantity" integer NOT NULL, "added_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "cart_line_quantity_check" CHECK ("quantity" BETWEEN 1 AND 99), CONSTRAINT "PK_9d849f7680c7661e7a199fe941e" PRIMARY KEY ("cart_id", "product_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "app_user" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "email" character varying(254) NOT NULL, "password_hash" character varying(255) NOT NULL, "name" character varying(100) NOT NULL, "roles" text array NOT NULL DEFAULT '{customer}', CONSTRAINT "PK_22a5c4a3d9b2fb8e4e73fc4ada1" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "app_user_email_key" ON "app_user" ("email") `);
    await queryRunner.query(
      `CREATE TABLE "refresh_token" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "family_id" uuid NOT NULL, "token_hash" character(64) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b575dd3c21fb0831013c909e7fe" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "refresh_token_user_id_idx" ON "refresh_token" ("user_id") `);
    await queryRunner.query(`CREATE INDEX "refresh_token_family_id_idx" ON "refresh_token" ("family_id") `);
    await queryRunner.query(
      `CREATE TABLE "audit_log" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "actor_id" uuid NOT NULL, "action" character varying(60) NOT NULL, "target_type" character varying(30) NOT NULL, "target_id" character varying(64) NOT NULL, "diff" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "audit_log_created_at_idx" ON "audit_log" ("created_at") `);
    await queryRunner.query(
      `ALTER TABLE "order_status_history" ADD CONSTRAINT "FK_1ca7d5228cf9dc589b60243933c" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "order_line" ADD CONSTRAINT "FK_ed8fae6d7239e9d730219215af7" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "product" ADD CONSTRAINT "FK_0dce9bc93c2d2c399982d04bef1" FOREIGN KEY ("category_id") REFERENCES "category"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "stock_level" ADD CONSTRAINT "FK_dda0d2580ff55ca940846ca2428" FOREIGN KEY ("product_id") REFERENCES "product"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "cart_line" ADD CONSTRAINT "FK_5455c0c2b993b0c06a1c0df4626" FOREIGN KEY ("cart_id") REFERENCES "cart"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "refresh_token" ADD CONSTRAINT "FK_6bbe63d2fe75e7f0ba1710351d4" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    // Case-insensitive search over name and description uses this trigram index (ILIKE '%q%'), not a scan.
    // fastupdate off: catalog writes are rare, and a GIN pending list would make the planner shun the index.
    await queryRunner.query(
      `CREATE INDEX "product_search_trgm_idx" ON "product" USING gin (("name" || ' ' || "description") gin_trgm_ops) WITH (fastupdate = off)`,
    );
    await queryRunner.query(
      `CREATE INDEX "product_active_price_idx" ON "product" ("price_paisa", "id") WHERE "is_active"`,
    );
    await queryRunner.query(
      `CREATE INDEX "product_active_created_at_idx" ON "product" ("created_at" DESC, "id") WHERE "is_active"`,
    );
    await queryRunner.query(
      `CREATE INDEX "product_active_name_idx" ON "product" ("name", "id") WHERE "is_active"`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."product_active_name_idx"`);
    await queryRunner.query(`DROP INDEX "public"."product_active_created_at_idx"`);
    await queryRunner.query(`DROP INDEX "public"."product_active_price_idx"`);
    await queryRunner.query(`DROP INDEX "public"."product_search_trgm_idx"`);
    await queryRunner.query(`ALTER TABLE "refresh_token" DROP CONSTRAINT "FK_6bbe63d2fe75e7f0ba1710351d4"`);
    await queryRunner.query(`ALTER TABLE "cart_line" DROP CONSTRAINT "FK_5455c0c2b993b0c06a1c0df4626"`);
    await queryRunner.query(`ALTER TABLE "stock_level" DROP CONSTRAINT "FK_dda0d2580ff55ca940846ca2428"`);
    await queryRunner.query(`ALTER TABLE "product" DROP CONSTRAINT "FK_0dce9bc93c2d2c399982d04bef1"`);
    await queryRunner.query(`ALTER TABLE "order_line" DROP CONSTRAINT "FK_ed8fae6d7239e9d730219215af7"`);
    await queryRunner.query(
      `ALTER TABLE "order_status_history" DROP CONSTRAINT "FK_1ca7d5228cf9dc589b60243933c"`,
    );
    await queryRunner.query(`DROP INDEX "public"."audit_log_created_at_idx"`);
    await queryRunner.query(`DROP TABLE "audit_log"`);
    await queryRunner.query(`DROP INDEX "public"."refresh_token_family_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."refresh_token_user_id_idx"`);
    await queryRunner.query(`DROP TABLE "refresh_token"`);
    await queryRunner.query(`DROP INDEX "public"."app_user_email_key"`);
    await queryRunner.query(`DROP TABLE "app_user"`);
    await queryRunner.query(`DROP TABLE "cart_line"`);
    await queryRunner.query(`DROP INDEX "public"."cart_user_id_key"`);
    await queryRunner.query(`DROP TABLE "cart"`);
    await queryRunner.query(`DROP TABLE "idempotency_key"`);
    await queryRunner.query(`DROP TABLE "stock_level"`);
    await queryRunner.query(`DROP INDEX "public"."product_category_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."product_slug_key"`);
    await queryRunner.query(`DROP INDEX "public"."product_sku_key"`);
    await queryRunner.query(`DROP TABLE "product"`);
    await queryRunner.query(`DROP INDEX "public"."category_slug_key"`);
    await queryRunner.query(`DROP TABLE "category"`);
    await queryRunner.query(`DROP INDEX "public"."order_line_order_id_idx"`);
    await queryRunner.query(`DROP TABLE "order_line"`);
    await queryRunner.query(`DROP INDEX "public"."order_status_history_order_id_idx"`);
    await queryRunner.query(`DROP TABLE "order_status_history"`);
    await queryRunner.query(`DROP INDEX "public"."orders_user_id_created_at_idx"`);
    await queryRunner.query(`DROP INDEX "public"."orders_status_created_at_idx"`);
    await queryRunner.query(`DROP INDEX "public"."orders_number_key"`);
    await queryRunner.query(`DROP TABLE "orders"`);
    await queryRunner.query(`DROP SEQUENCE order_number_seq`);
    await queryRunner.query(`DROP EXTENSION IF EXISTS pg_trgm`);
  }
}
