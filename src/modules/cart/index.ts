export { CartModule } from './cart.module';
export { CartService } from './cart.service';
export { OutOfStockError } from './cart.errors';
