// The services log each job and failure as the worker would; in the test runner's own processes those lines
// are noise between the results. LOG_LEVEL, when set, still wins (and reaches the apps that tests start).
import { logger } from '../../src/server/log/logger.ts';

logger.level = process.env.LOG_LEVEL ?? 'silent';
