// npm run user:create -- --role admin --email ada@example.org --name "Ada Admin" [--department SAPS] [--facility CODE ...]
// Reads the password from standard input (piped) or asks for it twice (terminal). Never a default password.
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { openProvider } from '../src/db/client.ts';
import { ROLES, type Role } from '../src/domain/accounts/roles.ts';
import { ServiceError } from '../src/server/services/shared/service-error.ts';
import { createUserWithPassword } from '../src/server/services/accounts/user-service.ts';
import { migrateDatabase } from './lib/prepare-database.ts';
import { runScript } from './lib/run-script.ts';

const USAGE =
  'Usage: npm run user:create -- --role <' +
  ROLES.join('|') +
  '> --email <address> --name "<name>" ' +
  '[--department <code>] [--facility <code> ...]  (the password is read from standard input or a prompt)';

async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks)
      .toString('utf8')
      .replace(/\r?\n$/, '');
  }
  const ask = async (question: string) => {
    const prompt = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    // Echo nothing while the password is typed.
    (prompt as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (text: string) => {
      if (text.includes(question)) process.stdout.write(question);
    };
    const answer = await prompt.question(question);
    prompt.close();
    process.stdout.write('\n');
    return answer;
  };
  const first = await ask('Password: ');
  if ((await ask('Password again: ')) !== first) throw new ServiceError('invalid_input', 'The two passwords differ.');
  return first;
}

await runScript(async (env) => {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      email: { type: 'string' },
      name: { type: 'string' },
      department: { type: 'string' },
      facility: { type: 'string', multiple: true },
    },
  });
  if (!values.role || !values.email || !values.name || !ROLES.includes(values.role as Role)) {
    throw new ServiceError('invalid_input', USAGE);
  }
  await migrateDatabase(env.DATABASE_URL);
  const db = (await openProvider(env.DATABASE_URL)).createClient();
  try {
    const department = values.department
      ? await db.department.findUnique({ where: { code: values.department } })
      : null;
    if (values.department && !department)
      throw new ServiceError('invalid_input', `No department has the code ${values.department}.`);
    const facilities = await db.facility.findMany({ where: { code: { in: values.facility ?? [] } } });
    const missing = (values.facility ?? []).filter((code) => !facilities.some((facility) => facility.code === code));
    if (missing.length > 0) throw new ServiceError('invalid_input', `No facility has the code ${missing.join(', ')}.`);
    const user = await createUserWithPassword(
      db,
      {
        role: values.role as Role,
        email: values.email,
        name: values.name,
        password: await readPassword(),
        departmentId: department?.id ?? null,
        facilityIds: facilities.map((facility) => facility.id),
      },
      { userId: null, label: 'npm run user:create' },
    );
    console.log(`Created ${user.role} ${user.email}. Sign in at ${env.PUBLIC_URL}/login.`);
  } finally {
    await db.$disconnect();
  }
});
