import { cleanFilename } from './attachment-inspector';

describe('cleanFilename', () => {
  it('keeps an ordinary name as sent', () => {
    expect(cleanFilename('talousarvio 2027.pdf', 'pdf')).toBe('talousarvio 2027.pdf');
    expect(cleanFilename('kuva.JPEG', 'jpg')).toBe('kuva.JPEG');
  });

  it('drops the path, control characters and invisible direction overrides that disguise a name', () => {
    // Shown as "laskuexe.pdf" with the override; the officer should see what the file is called.
    expect(cleanFilename('C:\\temp\\lasku\u202Efdp.exe', 'pdf')).toBe('laskufdp.exe.pdf');
    expect(cleanFilename('../../etc/\r\npass\u200Bwd\u2066.pdf', 'pdf')).toBe('passwd.pdf');
  });

  it('ends with the extension of what the bytes are, whatever the name says', () => {
    expect(cleanFilename('liite.html', 'pdf')).toBe('liite.html.pdf');
    expect(cleanFilename('kuva.png', 'jpg')).toBe('kuva.png.jpg');
    expect(cleanFilename('\u202E', 'png')).toBe('attachment.png');
  });

  it('is at most 200 characters, cut between characters, with the extension kept', () => {
    const long = cleanFilename(`${'😀'.repeat(300)}.pdf`, 'pdf');
    expect([...long]).toHaveLength(200);
    expect(long.endsWith('.pdf')).toBe(true);
    expect(long).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    expect([...cleanFilename('x'.repeat(300), 'pdf')]).toHaveLength(200);
  });
});
