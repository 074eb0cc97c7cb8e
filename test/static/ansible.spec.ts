import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { randomBytes } from 'node:crypto';
import { parse } from 'yaml';

import { loadYaml, str } from './stack-rules';

const ROOT = join(__dirname, '..', '..');
const ANSIBLE = join(ROOT, 'ansible');
const SWARM = join(ROOT, 'swarm');
const PRODUCTION = join(ANSIBLE, 'inventories', 'production');
const yaml = (path: string): Record<string, any> => parse(readFileSync(path, 'utf8')) ?? {}; // eslint-disable-line @typescript-eslint/no-explicit-any

// The operator's vault settings must not leak into the checks; colours would garble the output.
const ENV: NodeJS.ProcessEnv = { ...process.env, ANSIBLE_NOCOLOR: '1', ANSIBLE_FORCE_COLOR: '0', NO_COLOR: '1' };
delete ENV.ANSIBLE_VAULT_PASSWORD_FILE;
delete ENV.ANSIBLE_CONFIG;

/** Runs a tool from ansible/ (where ansible.cfg is read); a missing tool names the apt package to install. */
function run(tool: string, args: string[], cwd = ANSIBLE): { status: number | null; output: string } {
  const result = spawnSync(tool, args, { cwd, env: ENV, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (result.error) throw new Error(`${tool} is not installed: apt-get install ${tool} (scripts/test.sh installs it)`);
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const playbooks = ['site.yml', ...readdirSync(join(ANSIBLE, 'playbooks')).filter((f) => f.endsWith('.yml')).map((f) => `playbooks/${f}`)];
const roles = readdirSync(join(ANSIBLE, 'roles')).sort();
const stackFiles = readdirSync(SWARM).filter((f) => f.endsWith('.yml')).sort();
const stackDefaults = yaml(join(ANSIBLE, 'roles', 'stack', 'defaults', 'main.yml'));
const firewallDefaults = yaml(join(ANSIBLE, 'roles', 'firewall', 'defaults', 'main.yml'));

describe('Ansible: lint and syntax', () => {
  it('should find the playbooks and the roles', () => {
    expect(playbooks).toEqual(
      expect.arrayContaining([
        'site.yml',
        'playbooks/add-node.yml',
        'playbooks/rolling-maintenance.yml',
        'playbooks/rotate-secret.yml',
        'playbooks/restore-manager.yml',
        'playbooks/unlock-managers.yml',
        'playbooks/cloud-aws.yml',
      ]),
    );
    expect(roles).toEqual(['base', 'docker', 'firewall', 'stack', 'swarm']);
  });

  it('should pass yamllint', () => {
    const { status, output } = run('yamllint', ['--strict', '-c', '.yamllint', '-f', 'parsable', '.']);
    expect(output).toBe('');
    expect(status).toBe(0);
  });

  it('should lint with the production profile and skip no rule', () => {
    const config = yaml(join(ANSIBLE, '.ansible-lint'));
    expect(config.profile).toBe('production');
    expect(config.skip_list ?? []).toEqual([]);
    expect(config.warn_list ?? []).toEqual([]);
    expect(config.enable_list ?? []).toEqual([]);
    // Inline `# noqa` would skip a rule without the config saying so.
    const noqa = filesUnder(ANSIBLE).filter((f) => f.endsWith('.yml') && readFileSync(f, 'utf8').includes('noqa'));
    expect(noqa.map((f) => relative(ANSIBLE, f))).toEqual([]);
  });

  it('should pass ansible-lint (production profile)', () => {
    const { status, output } = run('ansible-lint', ['-c', '.ansible-lint', '--nocolor']);
    expect([status, output]).toEqual([0, expect.stringContaining('Passed with production profile')]);
  }, 180_000);

  // The vault is loaded lazily, per host, when a variable is needed: parsing the plays never decrypts it, so the
  // syntax check needs no vault password (the vault test below decrypts a stand-in with a generated one).
  it.each(playbooks)('%s: ansible-playbook --syntax-check passes on the production inventory', (playbook) => {
    const { status, output } = run('ansible-playbook', ['--syntax-check', '-i', 'inventories/production/hosts.yml', playbook]);
    expect([status, output]).toEqual([0, expect.stringContaining(`playbook: ${playbook}`)]);
  }, 60_000);
});

describe('Ansible: roles', () => {
  it.each(roles)('%s: has tasks, every knob in defaults/main.yml, and a README or meta', (role) => {
    const dir = join(ANSIBLE, 'roles', role);
    expect(existsSync(join(dir, 'tasks', 'main.yml'))).toBe(true);
    expect(Object.keys(yaml(join(dir, 'defaults', 'main.yml'))).length).toBeGreaterThan(0);
    expect(existsSync(join(dir, 'README.md')) || existsSync(join(dir, 'meta', 'main.yml'))).toBe(true);
  });

  it.each(roles)('%s: restarts services only in handlers', (role) => {
    const tasks = filesUnder(join(ANSIBLE, 'roles', role, 'tasks')).map((f) => readFileSync(f, 'utf8'));
    expect(tasks.filter((t) => /state:\s*(restarted|reloaded)/.test(t))).toEqual([]);
  });

  it('should keep every Docker package the docker role holds out of unattended upgrades', () => {
    const held = (yaml(join(ANSIBLE, 'roles', 'docker', 'defaults', 'main.yml')).docker_packages as { name: string }[]).map((p) => p.name);
    const blacklist = yaml(join(ANSIBLE, 'roles', 'base', 'defaults', 'main.yml')).base_unattended_upgrades_blacklist as string[];
    expect(held.length).toBeGreaterThan(0);
    expect(held.filter((p) => !blacklist.includes(p))).toEqual([]);
  });

  it('should keep IP forwarding on in the sysctls Docker needs', () => {
    const base = yaml(join(ANSIBLE, 'roles', 'base', 'defaults', 'main.yml'));
    expect({ ...base.base_sysctl_hardening, ...base.base_sysctl_docker }['net.ipv4.ip_forward']).toBe(1);
  });
});

describe('Ansible: secrets', () => {
  const inventoryFiles = filesUnder(join(ANSIBLE, 'inventories')).filter((f) => /\/(group_vars|host_vars)\//.test(f));
  const vaultFiles = inventoryFiles.filter((f) => /^vault/.test(f.split('/').pop() ?? ''));
  const plainFiles = inventoryFiles.filter((f) => !vaultFiles.includes(f) && f.endsWith('.yml'));

  it('should commit every vault file as Ansible Vault ciphertext', () => {
    expect(vaultFiles.length).toBeGreaterThan(0);
    const plaintext = vaultFiles.filter((f) => !readFileSync(f, 'utf8').startsWith('$ANSIBLE_VAULT;'));
    expect(plaintext.map((f) => relative(ANSIBLE, f))).toEqual([]);
  });

  it('should define no vault_ variable and no inline secret in the plain variable files', () => {
    const offending = plainFiles.flatMap((f) => {
      const text = readFileSync(f, 'utf8');
      const keys = Object.keys(parse(text) ?? {}).filter((k) => k.startsWith('vault_'));
      return [...keys, ...(text.includes('$ANSIBLE_VAULT') ? ['inline !vault value'] : [])].map((k) => `${relative(ANSIBLE, f)}: ${k}`);
    });
    expect(offending).toEqual([]);
  });

  it('should take every Docker secret value from a vault_ variable', () => {
    const values = yaml(join(PRODUCTION, 'group_vars', 'all', 'main.yml')).stack_secret_values as Record<string, string>;
    expect(Object.keys(values).sort()).toEqual(Object.keys(stackDefaults.stack_secret_versions).sort());
    expect(Object.entries(values).filter(([, v]) => !/^\{\{ vault_[a-z0-9_]+ \}\}$/.test(v))).toEqual([]);
  });

  it('should resolve every vault_ variable from a vault encrypted with a generated password', () => {
    // A copy of the production inventory whose vault is vault.example.yml, encrypted for this run only.
    const dir = mkdtempSync(join(tmpdir(), 'ansible-vault-'));
    const vars = join(dir, 'group_vars', 'all');
    mkdirSync(vars, { recursive: true });
    copyFileSync(join(PRODUCTION, 'hosts.yml'), join(dir, 'hosts.yml'));
    copyFileSync(join(PRODUCTION, 'group_vars', 'all', 'main.yml'), join(vars, 'main.yml'));
    copyFileSync(join(ANSIBLE, 'vault.example.yml'), join(vars, 'vault.yml'));
    const password = join(dir, 'vault-password');
    writeFileSync(password, randomBytes(24).toString('hex'), { mode: 0o600 });
    const encrypt = run('ansible-vault', ['encrypt', '--vault-password-file', password, join(vars, 'vault.yml')]);
    expect([encrypt.status, encrypt.output]).toEqual([0, '']);
    expect(readFileSync(join(vars, 'vault.yml'), 'utf8')).toMatch(/^\$ANSIBLE_VAULT;/);

    // debug runs on the controller: it templates the variables without connecting to the host.
    const shown = run('ansible', [
      '-i', join(dir, 'hosts.yml'), 'dc-mgr-1', '--vault-password-file', password,
      '-m', 'ansible.builtin.debug', '-a', 'msg={{ stack_secret_values | dict2items | map(attribute="value") | map("length") | min }}',
    ]);
    expect([shown.status, shown.output]).toEqual([0, expect.stringMatching(/msg: '?[1-9]/)]);
  }, 60_000);
});

describe('Ansible against the stack files', () => {
  const stacks = Object.fromEntries(stackFiles.map((f) => [f, loadYaml(join(SWARM, f))]));

  it('should open on edge hosts exactly the ports the stacks publish', () => {
    const published = Object.values(stacks).flatMap((doc) =>
      Object.values(doc.services ?? {}).flatMap((s) =>
        ((s.ports ?? []) as ({ published?: number; target?: number } | string)[]).map((p) =>
          typeof p === 'string' ? Number(p.split(':')[0]) : Number(p.published ?? p.target),
        ),
      ),
    );
    expect(published.length).toBeGreaterThan(0);
    expect([...new Set(published)].sort((a, b) => a - b)).toEqual(
      [...(firewallDefaults.firewall_edge_tcp_ports as number[])].sort((a, b) => a - b),
    );
  });

  it('should create exactly the Docker secrets the stacks use, under their variable names', () => {
    // name: ${DATABASE_URL_SECRET:-dhakacart_database_url_v1} -> database_url, and the variable is DATABASE_URL_SECRET
    const used = Object.values(stacks).flatMap((doc) =>
      Object.values(doc.secrets ?? {}).map((s) => {
        const m = /^\$\{([A-Z0-9_]+)_SECRET:-dhakacart_([a-z0-9_]+)_v\d+\}$/.exec(str(s.name));
        if (!m) throw new Error(`secret name not in the versioned form: ${str(s.name)}`);
        expect(m[1].toLowerCase()).toBe(m[2]);
        return m[2];
      }),
    );
    expect([...new Set(used)].sort()).toEqual(Object.keys(stackDefaults.stack_secret_versions).sort());
    expect(stackDefaults.stack_secret_prefix).toBe('dhakacart_');
  });

  it('should version every config the stacks declare by its file', () => {
    const declared: Record<string, string> = {};
    for (const file of stackFiles) {
      const configs = (parse(readFileSync(join(SWARM, file), 'utf8')).configs ?? {}) as Record<string, { file: string; name: string }>;
      for (const c of Object.values(configs)) {
        const m = /\$\{([A-Z0-9_]+_VERSION):-v1\}$/.exec(c.name);
        if (!m) throw new Error(`${file}: config ${c.name} has no version variable`);
        declared[m[1]] = relative(ROOT, join(SWARM, c.file));
      }
    }
    delete declared.APP_SETTINGS_VERSION; // swarm/deploy.sh versions it itself
    expect(stackDefaults.stack_config_files).toEqual(declared);
  });

  it('should deploy every stack file but the app and migration job (those go through deploy.sh)', () => {
    const deployed = [...stackDefaults.stack_before_app, ...stackDefaults.stack_after_app].map((s: { file: string }) => s.file);
    expect(deployed.sort()).toEqual(stackFiles.filter((f) => f !== 'app.yml' && f !== 'migrate.yml'));
  });
});

describe('Ansible: the firewall ruleset', () => {
  // Renders the role's template as it would be for one host and asks nft to check it (nothing is loaded).
  function render(extraVars: Record<string, unknown>): string {
    const dir = mkdtempSync(join(tmpdir(), 'nft-'));
    const vars = join(dir, 'vars.json');
    writeFileSync(
      vars,
      JSON.stringify({
        firewall_admin_ranges_v4: ['203.0.113.0/24'],
        firewall_admin_ranges_v6: ['2001:db8::/32'],
        firewall_cluster_addresses: ['10.20.1.11', '10.20.2.11', '10.20.3.11'],
        ...extraVars,
      }),
    );
    const out = join(dir, 'dhakacart.nft');
    const template = join(ANSIBLE, 'roles', 'firewall', 'templates', 'dhakacart.nft.j2');
    const rendered = run('ansible', [
      '-i', 'localhost,', 'localhost', '-c', 'local', '-m', 'ansible.builtin.template', '-a', `src=${template} dest=${out}`,
      '-e', '@roles/firewall/defaults/main.yml', '-e', `@${vars}`,
    ]);
    expect([rendered.status, rendered.output]).toEqual([0, expect.stringContaining('CHANGED')]);
    const check = run('nft', ['-c', '-f', out]);
    expect([check.status, check.output]).toEqual([0, '']);
    return readFileSync(out, 'utf8')
      .split('\n')
      .filter((l) => !l.trim().startsWith('#'))
      .join('\n');
  }

  it('should let an edge manager take 80/443, 2377 and Swarm ports, and judge published ports in forward', () => {
    const rules = render({ firewall_is_manager: true, firewall_is_edge: true });
    expect(rules).not.toMatch(/flush ruleset/);
    expect(rules).toMatch(/chain input \{\s*type filter hook input priority filter; policy drop;/);
    expect(rules).toContain('ip saddr @cluster_v4 tcp dport { 2377 } accept');
    expect(rules).toContain('ip saddr @cluster_v4 ip protocol esp accept');
    expect(rules).toContain('tcp dport { 80, 443 } accept');
    expect(rules).toContain('ct original proto-dst { 80, 443 } accept');
    expect(rules).toMatch(/ct state new ct status dnat counter drop/);
  }, 60_000);

  it('should open no public port and no 2377 on a plain worker, nor PostgreSQL or Redis anywhere', () => {
    const rules = render({ firewall_is_manager: false, firewall_is_edge: false });
    expect(rules).not.toMatch(/\b(80|443|2377|5432|6379)\b/);
    expect(rules).toContain('ip saddr @admin_v4 tcp dport 22 accept');
    expect(rules).toMatch(/ct state new ct status dnat counter drop/);
  }, 60_000);
});
