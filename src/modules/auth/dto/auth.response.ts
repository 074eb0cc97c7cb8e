import { ApiProperty } from '@nestjs/swagger';

export class UserResponse {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: [String] }) roles: string[];
  @ApiProperty({ description: 'A disabled account cannot sign in, and its sessions have ended' }) disabled: boolean;
}

export class MeResponse extends UserResponse {
  @ApiProperty({ type: [String] }) permissions: string[];
}

export class TokenPairResponse {
  @ApiProperty() accessToken: string;
  @ApiProperty() refreshToken: string;
  @ApiProperty({ description: 'Access token lifetime in seconds' }) expiresIn: number;
}

export class AuthResponse extends TokenPairResponse {
  @ApiProperty({ type: UserResponse }) user: UserResponse;
  @ApiProperty({
    description: 'Keep it on this client and send it with later sign-ins: failed attempts by others never delay it',
  })
  deviceToken: string;
}

export class UserListResponse {
  @ApiProperty({ type: [UserResponse] }) items: UserResponse[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() limit: number;
}
