export { AuthModule } from './auth.module';
export { AuthService } from './auth.service';
export type { UserResponse, UserListResponse } from './dto/auth.response';
