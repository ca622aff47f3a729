import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';
import { MigrationPool } from './db/migration-pool';

// The JS schema engine: Prisma's native engine binaries cannot be downloaded on
// every machine Baton runs on, and the JS engine needs none.
export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  async adapter() {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error('DATABASE_URL is not set: the Prisma CLI needs it to reach the database');
    return new PrismaPg(new MigrationPool({ connectionString, max: 1, allowExitOnIdle: true, idleTimeoutMillis: 100 }));
  },
});
