import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';

import { AuthService, UserListResponse, UserResponse } from 'src/modules/auth';
import { AuthUser, CurrentUser, RequirePermissions } from 'src/platform/auth/decorators';
import { Permission } from 'src/platform/auth/permission';
import { UuidParam } from 'src/platform/http/params';

import { AdminService } from '../admin.service';
import { AuditService } from '../audit.service';
import { AuditPageResponse, SearchQueryDto, SetRolesDto, SetUserStatusDto } from '../dto/admin.dto';
import { PageQueryDto } from 'src/modules/catalog';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin')
export class AdminUsersController {
  constructor(
    private readonly admin: AdminService,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
  ) {}

  @Get('users')
  @RequirePermissions(Permission.UsersRead)
  @ApiOperation({ summary: 'Search users by email or name [users:read]. Errors: 400, 401, 403.' })
  listUsers(@Query() query: SearchQueryDto): Promise<UserListResponse> {
    return this.auth.searchUsers(query);
  }

  @Put('users/:id/roles')
  @RequirePermissions(Permission.UsersManage)
  @ApiOperation({
    summary:
      "Replace a user's roles; their sessions end [users:manage]. Errors: 400, 401, 403, 404, 409 CANNOT_DEMOTE_SELF, LAST_ADMIN.",
  })
  setRoles(@CurrentUser() actor: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: SetRolesDto): Promise<UserResponse> {
    return this.admin.setUserRoles(actor, id, dto.roles);
  }

  @Put('users/:id/status')
  @RequirePermissions(Permission.UsersManage)
  @ApiOperation({
    summary:
      'Disable or re-enable an account; a disabled account cannot sign in and its sessions end [users:manage]. ' +
      'Errors: 400, 401, 403, 404, 409 CANNOT_DISABLE_SELF, LAST_ADMIN.',
  })
  setStatus(@CurrentUser() actor: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: SetUserStatusDto): Promise<UserResponse> {
    return this.admin.setUserDisabled(actor, id, dto.disabled);
  }

  @Get('audit-log')
  @RequirePermissions(Permission.AuditRead)
  @ApiOperation({ summary: 'Every admin write, newest first [audit:read]. Errors: 400, 401, 403.' })
  auditLog(@Query() query: PageQueryDto): Promise<AuditPageResponse> {
    return this.audit.list(query.page, query.limit);
  }
}
