import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';

import { Authenticated, AuthUser, CurrentUser, Public } from 'src/platform/auth/decorators';
import { RateLimit } from 'src/platform/ratelimit/rate-limit';

import { AuthService } from './auth.service';
import { LoginDto, RefreshTokenDto, RegisterDto } from './dto/auth.dto';
import { AuthResponse, MeResponse, TokenPairResponse } from './dto/auth.response';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @RateLimit('register')
  @Post('register')
  @ApiOperation({ summary: 'Create a customer account. Errors: 400 VALIDATION_FAILED, 409 EMAIL_TAKEN, 429 RATE_LIMITED.' })
  register(@Body() dto: RegisterDto): Promise<AuthResponse> {
    return this.auth.register(dto);
  }

  @Public()
  @RateLimit('login')
  @Post('login')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Sign in. After repeated failures for an account, new clients wait between attempts (429 LOGIN_DELAYED with ' +
      'Retry-After); a client that signed in before sends its deviceToken and is not delayed. Errors: 400 ' +
      'VALIDATION_FAILED, 401 INVALID_CREDENTIALS, 403 ACCOUNT_DISABLED, 429 LOGIN_DELAYED, RATE_LIMITED.',
  })
  login(@Body() dto: LoginDto): Promise<AuthResponse> {
    return this.auth.login(dto);
  }

  @Public()
  @RateLimit('refresh')
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Rotate a refresh token. Errors: 401 INVALID_REFRESH_TOKEN, 401 REFRESH_TOKEN_REUSED.' })
  refresh(@Body() dto: RefreshTokenDto): Promise<TokenPairResponse> {
    return this.auth.refresh(dto.refreshToken);
  }

  @Public()
  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke the session of a refresh token.' })
  logout(@Body() dto: RefreshTokenDto): Promise<void> {
    return this.auth.logout(dto.refreshToken);
  }

  @Authenticated()
  @Post('logout-all')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Sign out everywhere: every session of mine ends. Errors: 401 UNAUTHORIZED.' })
  logoutEverywhere(@CurrentUser() user: AuthUser): Promise<void> {
    return this.auth.logoutEverywhere(user.id);
  }

  @Authenticated()
  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The signed-in user with roles and permissions. Errors: 401 UNAUTHORIZED.' })
  me(@CurrentUser() user: AuthUser): Promise<MeResponse> {
    return this.auth.me(user.id);
  }
}
