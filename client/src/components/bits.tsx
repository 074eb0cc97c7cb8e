import { useEffect, type ReactNode } from 'react';
import { Link } from 'react-router-dom';

import { formatBdt, stockState } from '../lib/money';
import { Icon } from './icons';
import type { Product } from '../lib/types';


function hue(text: string): number {
  let h = 0;
  for (const ch of text) h = (h * 31 + ch.charCodeAt(0)) % 360;
  return h;
}

/** Product picture, or a tidy placeholder tile (the seeded catalog has no photos). */
export function ProductImage({ product, large = false }: { product: Product; large?: boolean }) {
  if (product.imageUrl) {
    return <img className={large ? 'product-image large' : 'product-image'} src={product.imageUrl} alt="" loading="lazy" />;
  }
  const h = hue(product.category?.slug ?? product.name);
  return (
    <div
      className={large ? 'product-image placeholder large' : 'product-image placeholder'}
      style={{ background: `linear-gradient(135deg, hsl(${h} 60% 92%), hsl(${(h + 40) % 360} 55% 84%))` }}
      aria-hidden="true"
    >
      <Icon name={product.category?.slug ?? ''} size={large ? 120 : 56} className="placeholder-icon" />
      <span className="placeholder-brand">{product.name.split(' ')[0]}</span>
    </div>
  );
}

export function StockBadge({ stock }: { stock: number }) {
  const state = stockState(stock);
  return <span className={`stock stock-${state.kind}`}>{state.label}</span>;
}

export function Price({ paisa, className = 'price' }: { paisa: number; className?: string }) {
  return <span className={className}>{formatBdt(paisa)}</span>;
}

export function ProductCard({ product }: { product: Product }) {
  return (
    <li className="product-card">
      <Link to={`/products/${product.slug}`} className="product-card-link">
        <ProductImage product={product} />
        <span className="product-card-name">{product.name}</span>
      </Link>
      <span className="product-card-meta">
        <Price paisa={product.price} />
        <StockBadge stock={product.stock} />
      </span>
    </li>
  );
}

export function ErrorBox({ message, onRetry }: { message: string | null; onRetry?: () => void }) {
  if (!message) return null;
  return (
    <div className="error-box" role="alert">
      <p>{message}</p>
      {onRetry && (
        <button type="button" className="secondary" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function QuantityPicker({
  id,
  label,
  value,
  max,
  onChange,
  disabled = false,
  hideLabel = false,
}: {
  id: string;
  label: string;
  value: number;
  max: number;
  onChange: (value: number) => void;
  disabled?: boolean;
  hideLabel?: boolean;
}) {
  const limit = Math.max(1, Math.min(99, max));
  const clamp = (n: number) => Math.max(1, Math.min(limit, Math.floor(n) || 1));
  return (
    <div className="qty">
      <label htmlFor={id} className={hideLabel ? 'visually-hidden' : undefined}>
        {label}
      </label>
      <div className="qty-controls">
        <button type="button" aria-label={`Decrease ${label.toLowerCase()}`} disabled={disabled || value <= 1} onClick={() => onChange(clamp(value - 1))}>
          −
        </button>
        <input
          id={id}
          type="number"
          inputMode="numeric"
          min={1}
          max={limit}
          value={value}
          disabled={disabled}
          onChange={(e) => onChange(clamp(Number(e.target.value)))}
        />
        <button type="button" aria-label={`Increase ${label.toLowerCase()}`} disabled={disabled || value >= limit} onClick={() => onChange(clamp(value + 1))}>
          +
        </button>
      </div>
    </div>
  );
}

/** A table that scrolls sideways on phones: a labelled region keyboard users can focus and scroll with the arrows. */
export function ScrollTable({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-wrap" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}

export function Pager({ page, pages, href }: { page: number; pages: number; href: (page: number) => string }) {
  if (pages <= 1) return null;
  return (
    <nav className="pager" aria-label="Pagination">
      {page > 1 ? (
        <Link to={href(page - 1)} rel="prev">
          ← Previous
        </Link>
      ) : (
        <span aria-hidden="true" className="pager-disabled">
          ← Previous
        </span>
      )}
      <span aria-current="page">
        Page {page} of {pages}
      </span>
      {page < pages ? (
        <Link to={href(page + 1)} rel="next">
          Next →
        </Link>
      ) : (
        <span aria-hidden="true" className="pager-disabled">
          Next →
        </span>
      )}
    </nav>
  );
}

export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · DhakaCart` : 'DhakaCart';
  }, [title]);
}
