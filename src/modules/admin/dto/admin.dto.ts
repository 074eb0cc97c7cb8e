import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, Length } from 'class-validator';

import { PageQueryDto } from 'src/modules/catalog';
import { ALL_ROLES, Role } from 'src/platform/auth/roles';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class SearchQueryDto extends PageQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  q?: string;
}

export class SetRolesDto {
  @ApiProperty({ enum: ALL_ROLES, isArray: true })
  @IsArray()
  @ArrayMaxSize(ALL_ROLES.length)
  @IsIn(ALL_ROLES, { each: true })
  roles: Role[];
}

export class SetUserStatusDto {
  @ApiProperty({ description: 'true disables the account and ends its sessions; false re-enables it' })
  @IsBoolean()
  disabled: boolean;
}

export class AuditEntryResponse {
  @ApiProperty() id: string;
  @ApiProperty() actorId: string;
  @ApiProperty({ nullable: true, type: String }) actorEmail: string | null;
  @ApiProperty() action: string;
  @ApiProperty() targetType: string;
  @ApiProperty() targetId: string;
  @ApiProperty({ description: '{ field: { from, to } }' }) diff: Record<string, { from: unknown; to: unknown }>;
  @ApiProperty() at: string;
}

export class AuditPageResponse {
  @ApiProperty({ type: [AuditEntryResponse] }) items: AuditEntryResponse[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() limit: number;
}
