import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { CatalogModule } from 'src/modules/catalog';

import { CartController } from './cart.controller';
import { CART_METRICS } from './cart.metrics';
import { CartService } from './cart.service';
import { CartLine } from './entities/cart-line.entity';
import { Cart } from './entities/cart.entity';

@Module({
  imports: [TypeOrmModule.forFeature([Cart, CartLine]), CatalogModule],
  controllers: [CartController],
  providers: [CartService, ...CART_METRICS],
  exports: [CartService],
})
export class CartModule {}
