import { ProjectProgressService } from './project-progress.service';
import { ProjectReader } from './project-reader.service';
import { ProjectRepository } from './project.repository';
import { ProjectsController } from './projects.controller';

/** What app.module.ts registers for projects, so adding a part of the feature touches only this folder. */
export const projectsFeature = {
  controllers: [ProjectsController],
  providers: [ProjectRepository, ProjectReader, ProjectProgressService],
};
