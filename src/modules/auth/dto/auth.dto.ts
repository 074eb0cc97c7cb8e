import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsOptional, IsString, Length, MaxLength } from 'class-validator';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);
const normaliseEmail = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;

export class RegisterDto {
  @ApiProperty({ example: 'rahim@example.com' })
  @Transform(normaliseEmail)
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ minLength: 8, maxLength: 128 })
  @IsString()
  @Length(8, 128)
  password: string;

  @ApiProperty({ example: 'Rahim Uddin' })
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  name: string;
}

export class LoginDto {
  @ApiProperty()
  @Transform(normaliseEmail)
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty()
  @IsString()
  @Length(1, 128)
  password: string;

  @ApiPropertyOptional({ description: 'The deviceToken from an earlier sign-in to this account on this client' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  deviceToken?: string;
}

export class RefreshTokenDto {
  @ApiProperty()
  @IsString()
  @Length(10, 200)
  refreshToken: string;
}
