import { Global, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { createSecretKey } from 'node:crypto';

import { authConfig, AuthConfig } from 'src/platform/config/namespaces';

import { SessionRegistry } from './session-registry';

@Global()
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [authConfig.KEY],
      useFactory: (auth: AuthConfig) => ({
        // A KeyObject made once: given a string, jsonwebtoken builds one on every sign and verify, which measured
        // 16 % of the CPU of a checkout.
        secret: createSecretKey(Buffer.from(auth.jwtSecret)),
        signOptions: { expiresIn: auth.accessTtlSeconds, algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  providers: [SessionRegistry],
  exports: [JwtModule, SessionRegistry],
})
export class PlatformAuthModule {}
