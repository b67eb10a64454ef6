// Baseline bot of the benchmark, in its own process like ours: a minimal botbuilder echo bot (restify +
// CloudAdapter, no state, no store), so the ratio to it is the cost of what our turns do.
import restify from 'restify';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';

const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
const server = restify.createServer();
server.use(restify.plugins.bodyParser());
server.post('/api/messages', async (req, res) => {
  await adapter.process(req, res, async (context) => {
    await context.sendActivity(`echo: ${context.activity.text}`);
  });
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening on http://127.0.0.1:${server.address().port}/api/messages\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
