import { LANGUAGES, templateNames } from '../rules/notification-rules';
import { templateTitles } from './template-titles';

describe('template names', () => {
  // Admins pick templates by these names and digests fall back to them: a new template
  // (a new rule) needs its names here, or this fails.
  it.each(templateNames())('%s has a name in Finnish, Swedish and English', (template) => {
    const titles = templateTitles(template);
    for (const language of LANGUAGES) {
      expect(titles[language]).not.toBe(template);
      expect(titles[language].length).toBeGreaterThan(3);
    }
    expect(new Set(LANGUAGES.map((l) => titles[l])).size).toBe(3);
  });
});
