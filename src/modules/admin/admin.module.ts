import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AuthModule } from 'src/modules/auth';
import { CatalogModule } from 'src/modules/catalog';
import { OrderModule } from 'src/modules/order';

import { AdminService } from './admin.service';
import { AuditService } from './audit.service';
import { AdminCatalogController } from './controllers/admin-catalog.controller';
import { AdminOrdersController } from './controllers/admin-orders.controller';
import { AdminUsersController } from './controllers/admin-users.controller';
import { AuditLog } from './entities/audit-log.entity';

@Module({
  imports: [TypeOrmModule.forFeature([AuditLog]), AuthModule, CatalogModule, OrderModule],
  controllers: [AdminCatalogController, AdminOrdersController, AdminUsersController],
  providers: [AdminService, AuditService],
})
export class AdminModule {}
