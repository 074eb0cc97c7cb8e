import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

describe('shell scripts', () => {
  // Tracked files and new files git does not ignore (the work tree as it will be committed).
  // *.sh, and the database image's scripts (backup/bin, named like the commands they are).
  const scripts = execFileSync(
    'git',
    ['ls-files', '--cached', '--others', '--exclude-standard', '--', '*.sh', 'backup/bin/*'],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  )
    .split('\n')
    .filter((f) => f && existsSync(join(ROOT, f)));

  it('should find the shell scripts', () => {
    expect(scripts).toEqual(expect.arrayContaining(['scripts/test.sh', 'test/lab/s3.sh', 'backup/bin/dhakacart-backup']));
  });

  it('should pass shellcheck', () => {
    const result = spawnSync('shellcheck', ['--external-sources', ...scripts], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    if (result.error) {
      throw new Error('shellcheck is not installed (apt package shellcheck; scripts/test.sh installs it)');
    }
    expect(`${result.stdout}${result.stderr}`).toBe('');
    expect(result.status).toBe(0);
  });
});
