import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import { AuthService, UserResponse } from 'src/modules/auth';
import {
  AdminProductResponse,
  CatalogService,
  CategoryResponse,
  CreateCategoryDto,
  CreateProductDto,
  UpdateProductDto,
} from 'src/modules/catalog';
import { AdminOrderResponse, OrderService, OrderStatus } from 'src/modules/order';
import { AuthUser } from 'src/platform/auth/decorators';
import { Role } from 'src/platform/auth/roles';
import { DomainEvents } from 'src/platform/events/domain-events';

import { SelfDemotionError, SelfDisableError } from './admin.errors';
import { diffOf } from './audit-diff';
import { AuditService } from './audit.service';

/** Back-office use cases. Every write runs in one transaction with its audit entry. */
@Injectable()
export class AdminService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly catalog: CatalogService,
    private readonly orders: OrderService,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
  ) {}

  async createCategory(actor: AuthUser, dto: CreateCategoryDto): Promise<CategoryResponse> {
    const created = await this.dataSource.transaction(async (manager) => {
      const category = await this.catalog.createCategory(dto, { manager });
      await this.audit.record(manager, {
        actorId: actor.id,
        action: 'category.create',
        targetType: 'category',
        targetId: category.id,
        diff: diffOf(null, category),
      });
      return category;
    });
    this.events.emit('catalog.category_created', { categoryId: created.id });
    return created;
  }

  async createProduct(actor: AuthUser, dto: CreateProductDto): Promise<AdminProductResponse> {
    const product = await this.dataSource.transaction(async (manager) => {
      const created = await this.catalog.createProduct(dto, { manager });
      await this.audit.record(manager, {
        actorId: actor.id,
        action: 'product.create',
        targetType: 'product',
        targetId: created.id,
        diff: diffOf(null, created),
      });
      return created;
    });
    this.events.emit('catalog.product_changed', { productId: product.id });
    return product;
  }

  updateProduct(actor: AuthUser, id: string, dto: UpdateProductDto): Promise<AdminProductResponse> {
    return this.auditedProductChange(actor, id, 'product.update', (manager) => this.catalog.updateProduct(id, dto, { manager }));
  }

  deactivateProduct(actor: AuthUser, id: string): Promise<AdminProductResponse> {
    return this.auditedProductChange(actor, id, 'product.deactivate', (manager) =>
      this.catalog.updateProduct(id, { isActive: false }, { manager }),
    );
  }

  setStock(actor: AuthUser, id: string, onHand: number): Promise<AdminProductResponse> {
    return this.auditedProductChange(actor, id, 'product.set_stock', (manager) =>
      this.catalog.setStockOnHand(id, onHand, { manager }),
    );
  }

  async changeOrderStatus(actor: AuthUser, orderId: string, to: OrderStatus): Promise<AdminOrderResponse> {
    const change = await this.dataSource.transaction(async (manager) => {
      const result = await this.orders.changeStatus(orderId, to, { type: 'admin', id: actor.id }, { manager });
      await this.audit.record(manager, {
        actorId: actor.id,
        action: 'order.change_status',
        targetType: 'order',
        targetId: orderId,
        diff: { status: { from: result.from, to: result.to } },
      });
      return result;
    });
    this.orders.announce(change);
    return this.orders.getOrderWithHistory(orderId);
  }

  /**
   * Replaces a user's roles. The user's sessions end (they sign in again with the new roles); an admin cannot
   * take the admin role from themselves (a staff actor's roles are the database's, checked by the guard), and the
   * last active admin can never lose it (checked in the transaction, under the admin-membership lock).
   */
  async setUserRoles(actor: AuthUser, userId: string, roles: Role[]): Promise<UserResponse> {
    if (actor.id === userId && actor.roles.includes(Role.Admin) && !roles.includes(Role.Admin)) {
      throw new SelfDemotionError();
    }
    const user = await this.dataSource.transaction(async (manager) => {
      const result = await this.auth.setRoles(userId, roles, { manager, actorId: actor.id });
      await this.audit.record(manager, {
        actorId: actor.id,
        action: 'user.set_roles',
        targetType: 'user',
        targetId: userId,
        diff: diffOf({ roles: result.before }, { roles: result.after }),
      });
      return result.user;
    });
    await this.auth.sessionsChanged(userId);
    return user;
  }

  /** Disables or re-enables an account; a disabled user's sessions end on every replica at once. */
  async setUserDisabled(actor: AuthUser, userId: string, disabled: boolean): Promise<UserResponse> {
    if (actor.id === userId && disabled) throw new SelfDisableError();
    const user = await this.dataSource.transaction(async (manager) => {
      const result = await this.auth.setDisabled(userId, disabled, { manager, actorId: actor.id });
      await this.audit.record(manager, {
        actorId: actor.id,
        action: disabled ? 'user.disable' : 'user.enable',
        targetType: 'user',
        targetId: userId,
        diff: diffOf({ disabled: result.before }, { disabled: result.user.disabled }),
      });
      return result.user;
    });
    await this.auth.sessionsChanged(userId);
    return user;
  }

  private async auditedProductChange(
    actor: AuthUser,
    id: string,
    action: string,
    change: (manager: EntityManager) => Promise<{ before: AdminProductResponse; after: AdminProductResponse }>,
  ): Promise<AdminProductResponse> {
    const after = await this.dataSource.transaction(async (manager) => {
      const result = await change(manager);
      await this.audit.record(manager, {
        actorId: actor.id,
        action,
        targetType: 'product',
        targetId: id,
        diff: diffOf(result.before, result.after),
      });
      return result.after;
    });
    this.events.emit('catalog.product_changed', { productId: id });
    return after;
  }
}
