import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '@vaikuta/auth';
import { CatalogService } from './catalog.service';

const lang = (value?: string) => (value === 'sv' || value === 'en' ? value : 'fi');

@ApiTags('catalog')
@Controller('feedback')
@Public()
export class CatalogController {
  constructor(private readonly catalog: CatalogService) {}

  @Get('categories')
  async categories(@Query('lang') language?: string) {
    return { items: await this.catalog.categories(lang(language)) };
  }

  @Get('departments')
  async departments(@Query('lang') language?: string) {
    return { items: await this.catalog.departments(lang(language)) };
  }

  @Get('districts')
  async districts(@Query('lang') language?: string) {
    return { items: await this.catalog.districts(lang(language)) };
  }
}
