import { parseArgs } from 'node:util';
import { connectInfrastructure } from '../app.js';
import { loadConfigOrExit } from '../config/env.js';
import { createLogger } from '../logger.js';
import { Scope } from '../modules/access/scope.js';
import { TeamRepository } from '../modules/teams/team.repository.js';
import { createServices } from '../services.js';
import { generateInventory } from './generate.js';
import { applySeed } from './seed.js';

/**
 * `npm run seed [-- --scale N]`: fills the demo user's workspace with a
 * generated inventory. Safe to run again: nothing is duplicated.
 */
const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '1' },
    email: { type: 'string', default: 'demo@maestro.local' },
    password: { type: 'string', default: 'maestro-demo-password' },
  },
});
const config = loadConfigOrExit();
const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, 'maestro-seed');
const infra = await connectInfrastructure(config);
try {
  const { services, mailer } = await createServices(config, infra, logger, 'seed');
  let user = await services.identity.userByEmail(values.email);
  if (!user) user = (await services.identity.signup({ email: values.email, password: values.password, name: 'Demo operator' })).user;
  const userId = user._id.toHexString();
  const scope = new Scope(userId, await new TeamRepository(infra.mongo.db).membershipsOf(userId));
  const scale = Number(values.scale);
  const started = performance.now();
  const report = await applySeed(services.inventory, services.relations, scope, generateInventory(scale));
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const totals = Object.entries(report.items).map(([type, t]) => `${type} ${t.created + t.updated + t.unchanged}`).join(', ');
  process.stdout.write(`Seeded scale ${scale} in ${seconds} s: ${totals}; relations ${report.relations.created} new, ${report.relations.existing} already there.\n`);
  process.stdout.write(`Sign in as ${values.email} / ${values.password}\n`);
  mailer.close();
} finally {
  await infra.close();
}
