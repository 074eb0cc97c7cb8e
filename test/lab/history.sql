-- A realistic history for the restore drill (test/lab/backups.ts, check "backups 5"): 10,000 products with stock,
-- 50,000 customers and 100,000 delivered orders of two lines each, with their status history, all dated in the
-- past year. Written straight into the tables in one transaction (the API would take hours); the rows are like the
-- ones the app writes.
BEGIN;
INSERT INTO category (slug, name) VALUES ('history', 'History') ON CONFLICT DO NOTHING;
INSERT INTO product (sku, slug, name, description, price_paisa, category_id, created_at)
SELECT 'HIST-' || g, 'history-product-' || g, 'History product ' || g,
       'A product of the shop''s past year, for the restore drill.', 50000 + (g % 500) * 1000,
       (SELECT id FROM category WHERE slug = 'history'), now() - interval '365 days' + g * interval '1 minute'
FROM generate_series(1, 10000) AS g;
INSERT INTO stock_level (product_id, stock_on_hand)
SELECT id, 100 FROM product WHERE sku LIKE 'HIST-%';
INSERT INTO app_user (email, password_hash, name, created_at)
SELECT 'history-' || g || '@example.com', '$argon2id$v=19$m=19456,t=2,p=1$history$history', 'History customer ' || g,
       now() - interval '365 days' + g * interval '10 minutes'
FROM generate_series(1, 50000) AS g;
CREATE TEMP TABLE history_ids AS
SELECT (SELECT array_agg(id ORDER BY email) FROM app_user WHERE email LIKE 'history-%') AS users,
       (SELECT array_agg(id ORDER BY sku) FROM product WHERE sku LIKE 'HIST-%') AS products;
INSERT INTO orders (number, user_id, status, subtotal_paisa, shipping_fee_paisa, total_paisa, payment_method,
                    shipping_address, created_at)
SELECT 'HS-' || lpad(g::text, 7, '0'), h.users[1 + g % 50000], 'delivered', 150000, 6000, 156000, 'cod',
       '{"name": "History customer", "phone": "+8801712345678", "line1": "Road 1", "city": "Dhaka"}',
       now() - interval '360 days' + g * interval '5 minutes'
FROM generate_series(1, 100000) AS g, history_ids AS h;
INSERT INTO order_line (order_id, product_id, sku, product_name, unit_price_paisa, quantity, line_total_paisa)
SELECT o.id, h.products[1 + (n * 7919 + k) % 10000], 'HIST-' || (1 + (n * 7919 + k) % 10000), 'History product',
       75000, 1, 75000
FROM (SELECT id, row_number() OVER (ORDER BY number) AS n FROM orders WHERE number LIKE 'HS-%') AS o,
     generate_series(0, 1) AS k, history_ids AS h;
INSERT INTO order_status_history (order_id, from_status, to_status, actor_type, created_at)
SELECT id, 'shipped', 'delivered', 'admin', created_at + interval '2 days' FROM orders WHERE number LIKE 'HS-%';
COMMIT;
ANALYZE;
