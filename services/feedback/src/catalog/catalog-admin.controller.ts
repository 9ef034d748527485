import { Body, ConflictException, Controller, Get, HttpCode, NotFoundException, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { Roles } from '@vaikuta/auth';
import { ValidationProblem } from '@vaikuta/http';
import { Category, Department, District } from './catalog.entities';
import { categoryPatchSchema, categorySchema, departmentPatchSchema, departmentSchema, districtPatchSchema, districtSchema } from './catalog-admin.schemas';

/**
 * Admins keep the organisation current: departments, the categories that route requests
 * to them (and are Open311 services), and districts. Nothing is deleted — a category in
 * use is deactivated, so old requests keep their meaning — and codes never change; names can.
 */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('feedback/admin')
@Roles('admin')
export class CatalogAdminController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get('departments')
  async departments() {
    return { items: await this.dataSource.getRepository(Department).find({ order: { code: 'ASC' } }) };
  }

  @Post('departments')
  @HttpCode(201)
  async createDepartment(@Body({ schema: departmentSchema }) body: z.infer<typeof departmentSchema>) {
    await this.insertNew(Department, body.code, body);
    return body;
  }

  @Patch('departments/:code')
  async updateDepartment(@Param('code') code: string, @Body({ schema: departmentPatchSchema }) body: z.infer<typeof departmentPatchSchema>) {
    return this.update(Department, code, body);
  }

  @Get('categories')
  async categories() {
    return { items: await this.dataSource.getRepository(Category).find({ order: { code: 'ASC' } }) };
  }

  @Post('categories')
  @HttpCode(201)
  async createCategory(@Body({ schema: categorySchema }) body: z.infer<typeof categorySchema>) {
    await this.assertDepartment(body.departmentCode);
    await this.insertNew(Category, body.code, body);
    return body;
  }

  @Patch('categories/:code')
  async updateCategory(@Param('code') code: string, @Body({ schema: categoryPatchSchema }) body: z.infer<typeof categoryPatchSchema>) {
    if (body.departmentCode) await this.assertDepartment(body.departmentCode);
    return this.update(Category, code, body);
  }

  @Get('districts')
  async districts() {
    return { items: await this.dataSource.getRepository(District).find({ order: { code: 'ASC' } }) };
  }

  @Post('districts')
  @HttpCode(201)
  async createDistrict(@Body({ schema: districtSchema }) body: z.infer<typeof districtSchema>) {
    await this.insertNew(District, body.code, body);
    return body;
  }

  /** Names can be corrected; requests refer to the code, and show the names as they are now. */
  @Patch('districts/:code')
  async updateDistrict(@Param('code') code: string, @Body({ schema: districtPatchSchema }) body: z.infer<typeof districtPatchSchema>) {
    return this.update(District, code, body);
  }

  private async assertDepartment(code: string) {
    if (!(await this.dataSource.getRepository(Department).existsBy({ code }))) {
      throw ValidationProblem.field('departmentCode', `Unknown department ${code}`);
    }
  }

  private async insertNew<T extends object>(entity: new () => T, code: string, values: object) {
    const repository = this.dataSource.getRepository(entity);
    if (await repository.existsBy({ code } as never)) throw new ConflictException(`${code} already exists`);
    await repository.insert(values as never);
  }

  private async update<T extends object>(entity: new () => T, code: string, values: object) {
    const repository = this.dataSource.getRepository(entity);
    const existing = await repository.findOneBy({ code } as never);
    if (!existing) throw new NotFoundException(`No ${code}`);
    if (Object.keys(values).length === 0) return existing;
    await repository.update({ code } as never, values as never);
    return repository.findOneBy({ code } as never);
  }
}
