import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { AuthModule, AuthService } from './modules/auth';
import { slugify } from './modules/catalog';
import { ConfigModule } from './platform/config/config.module';
import { readEnv } from './platform/config/namespaces';
import { DatabaseModule } from './platform/database/database.module';
import { EventsModule } from './platform/events/events.module';
import { PlatformAuthModule } from './platform/auth/platform-auth.module';
import { RedisModule } from './platform/redis/redis.module';

// Redis: resetting the admin ends their sessions on every running replica (the session invalidation bus).
@Module({ imports: [ConfigModule, DatabaseModule, RedisModule, EventsModule, PlatformAuthModule, AuthModule] })
class SeedModule {}

export const CATEGORIES: Array<{ slug: string; name: string; code: string; nouns: string[]; priceBdt: [number, number] }> = [
  { slug: 'smartphones', name: 'Smartphones', code: 'PHN', nouns: ['Smartphone', 'Phone'], priceBdt: [8000, 160000] },
  { slug: 'laptops', name: 'Laptops', code: 'LAP', nouns: ['Laptop', 'Notebook', 'Ultrabook'], priceBdt: [35000, 300000] },
  { slug: 'tablets', name: 'Tablets', code: 'TAB', nouns: ['Tablet'], priceBdt: [12000, 150000] },
  { slug: 'televisions', name: 'Televisions', code: 'TV', nouns: ['Smart TV', 'LED TV'], priceBdt: [15000, 400000] },
  { slug: 'audio', name: 'Audio', code: 'AUD', nouns: ['Headphones', 'Earbuds', 'Bluetooth Speaker', 'Soundbar'], priceBdt: [800, 60000] },
  { slug: 'cameras', name: 'Cameras', code: 'CAM', nouns: ['Mirrorless Camera', 'Action Camera', 'DSLR'], priceBdt: [15000, 350000] },
  { slug: 'accessories', name: 'Accessories', code: 'ACC', nouns: ['Power Bank', 'Charger', 'USB-C Cable', 'Phone Case'], priceBdt: [300, 8000] },
  { slug: 'home-appliances', name: 'Home Appliances', code: 'HOM', nouns: ['Refrigerator', 'Air Conditioner', 'Microwave Oven', 'Rice Cooker'], priceBdt: [3000, 200000] },
  { slug: 'gaming', name: 'Gaming', code: 'GAM', nouns: ['Game Console', 'Gaming Mouse', 'Mechanical Keyboard', 'Controller'], priceBdt: [1500, 90000] },
  { slug: 'wearables', name: 'Wearables', code: 'WEA', nouns: ['Smartwatch', 'Fitness Band'], priceBdt: [2000, 70000] },
];

const BRANDS = ['Walton', 'Samsung', 'Xiaomi', 'Realme', 'Symphony', 'Lenovo', 'HP', 'Asus', 'Sony', 'LG', 'Anker', 'Vision', 'Minister', 'Apple', 'Oppo'];
const ADJECTIVES = ['Pro', 'Lite', 'Max', 'Plus', 'Neo', 'Ultra', 'Air', 'Prime', 'Edge', 'Nova'];
const FEATURES = ['fast charging', 'long battery life', 'AMOLED display', 'Bluetooth 5.3', 'two-year warranty', 'low-energy inverter', 'noise cancelling', 'water resistant', '4K HDR', 'Wi-Fi 6'];

/** Deterministic pseudo-random numbers (mulberry32), so every seed run builds the same catalog. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SeedProduct {
  sku: string;
  slug: string;
  name: string;
  description: string;
  pricePaisa: number;
  categorySlug: string;
  stock: number;
}

export function buildCatalog(count: number): SeedProduct[] {
  const random = rng(42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  return Array.from({ length: count }, (_, i) => {
    const category = CATEGORIES[i % CATEGORIES.length];
    const brand = pick(BRANDS);
    const noun = pick(category.nouns);
    const model = `${pick(ADJECTIVES)} ${10 + Math.floor(random() * 90)}`;
    const name = `${brand} ${model} ${noun}`;
    const [lo, hi] = category.priceBdt;
    const priceBdt = Math.round((lo + random() * (hi - lo)) / 10) * 10 - 1;
    const sku = `${category.code}-${String(i + 1).padStart(6, '0')}`;
    return {
      sku,
      slug: slugify(name, sku),
      name,
      description: `${name} with ${pick(FEATURES)} and ${pick(FEATURES)}. Official ${brand} warranty in Bangladesh.`,
      pricePaisa: priceBdt * 100,
      categorySlug: category.slug,
      stock: Math.floor(random() * 200),
    };
  });
}

async function seed(): Promise<void> {
  const args = process.argv.slice(2);
  const flag = args.indexOf('--products');
  const count = flag >= 0 ? Number(args[flag + 1]) : 1000;
  if (!Number.isInteger(count) || count < 0 || count > 1_000_000) throw new Error('--products must be an integer 0..1000000');

  const app = await NestFactory.createApplicationContext(SeedModule, { logger: ['error', 'warn'] });
  try {
    const dataSource = app.get<DataSource>(getDataSourceToken());
    await dataSource.query(
      `INSERT INTO category (slug, name) SELECT * FROM unnest($1::varchar[], $2::varchar[]) ON CONFLICT (slug) DO NOTHING`,
      [CATEGORIES.map((c) => c.slug), CATEGORIES.map((c) => c.name)],
    );
    const products = buildCatalog(count);
    for (let start = 0; start < products.length; start += 2000) {
      const batch = products.slice(start, start + 2000);
      await dataSource.transaction(async (manager) => {
        const inserted: Array<{ id: string; sku: string }> = await manager.query(
          `INSERT INTO product (sku, slug, name, description, price_paisa, category_id)
           SELECT v.sku, v.slug, v.name, v.description, v.price, c.id
             FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::text[], $5::int[], $6::varchar[])
                  AS v(sku, slug, name, description, price, category_slug)
             JOIN category c ON c.slug = v.category_slug
           ON CONFLICT (sku) DO NOTHING RETURNING id, sku`,
          [
            batch.map((p) => p.sku),
            batch.map((p) => p.slug),
            batch.map((p) => p.name),
            batch.map((p) => p.description),
            batch.map((p) => p.pricePaisa),
            batch.map((p) => p.categorySlug),
          ],
        );
        const stockBySku = new Map(batch.map((p) => [p.sku, p.stock]));
        await manager.query(`INSERT INTO stock_level (product_id, stock_on_hand) SELECT * FROM unnest($1::uuid[], $2::int[])`, [
          inserted.map((r) => r.id),
          inserted.map((r) => stockBySku.get(r.sku) ?? 0),
        ]);
      });
    }
    await dataSource.query('ANALYZE');
    const env = readEnv();
    if (env.ADMIN_EMAIL && env.ADMIN_PASSWORD) {
      const admin = await app.get(AuthService).ensureAdmin(env.ADMIN_EMAIL, env.ADMIN_PASSWORD);
      process.stdout.write(`admin: ${admin.email}\n`);
    }
    process.stdout.write(`seeded ${CATEGORIES.length} categories and ${count} products\n`);
  } finally {
    await app.close();
  }
}

if (require.main === module) {
  seed().catch((err: unknown) => {
    process.stderr.write(`seed failed: ${String(err)}\n`);
    process.exit(1);
  });
}
