import { Global, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';

import { authConfig, AuthConfig } from 'src/platform/config/namespaces';

@Global()
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [authConfig.KEY],
      useFactory: (auth: AuthConfig) => ({
        secret: auth.jwtSecret,
        signOptions: { expiresIn: auth.accessTtlSeconds, algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  exports: [JwtModule],
})
export class PlatformAuthModule {}
