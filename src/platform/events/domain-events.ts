import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';

// Payloads are ids and primitives only: listeners hand them to bull jobs, which must serialise them.
export interface DomainEventMap {
  'order.placed': { orderId: string; userId: string; totalPaisa: number };
  'order.status_changed': { orderId: string; userId: string; from: string; to: string; totalPaisa: number };
  'order.payment_failed': { orderId: string; userId: string };
  'catalog.product_changed': { productId: string };
  'catalog.category_created': { categoryId: string };
  'catalog.stock_depleted': { productId: string };
  'auth.user_registered': { userId: string };
}

export type DomainEventName = keyof DomainEventMap;

/** Typed wrapper around the event emitter. Call it only after the transaction that caused the event committed. */
@Injectable()
export class DomainEvents {
  constructor(private readonly emitter: EventEmitter2) {}

  emit<E extends DomainEventName>(name: E, payload: DomainEventMap[E]): void {
    this.emitter.emit(name, payload);
  }
}
