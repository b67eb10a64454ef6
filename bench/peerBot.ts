// Peer baseline of the benchmark, in its own process like ours: what a Teams developer would build the standard
// way. A botbuilder waterfall asking as many questions as our new-association dialog (the bench's dialog script:
// the opening line, 13 answers, then "submit"), its dialog and conversation state in Cosmos DB through botbuilder's
// own CosmosDbPartitionedStorage (botbuilder-azure), user state beside it as the samples do. The store is the same
// embedded one as ours, started the same way (services/localCosmos.ts: a worker thread of this process, plain http
// on 127.0.0.1, the clock header on every request, no endpoint discovery).
//   DATA_DIR=<dir> node dist/bench/peerBot.js
import restify from 'restify';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, ConversationState, UserState, type TurnContext } from 'botbuilder';
import { CosmosClient } from '@azure/cosmos';
import { CosmosDbPartitionedStorage } from 'botbuilder-azure';
import { DialogSet, DialogTurnStatus, TextPrompt, WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';
import { startLocalCosmos } from '../services/localCosmos';

/** The questions of our new-association dialog, as many as the bench answers before "submit". */
const QUESTIONS = [
  'Which product?',
  'Which agreement number?',
  "The customer's domain?",
  "The customer's tenant id?",
  'Which workloads?',
  'Contact name?',
  'Contact role?',
  'Contact e-mail?',
  'Your name?',
  'Your e-mail?',
  'Proof of execution now or later?',
  'Project name?',
  'Notes?',
  'Type "submit" to send it.',
];

interface Answers {
  answers: string[];
}

async function main() {
  const dataDir = process.env.DATA_DIR;
  if (!dataDir) throw new Error('DATA_DIR is required');
  const local = await startLocalCosmos({ dataDir });
  const clientOptions = { httpClient: local.httpClient, connectionPolicy: { enableEndpointDiscovery: false } };
  // The storage creates its container, not the database (a deployment's job on Azure): create it first.
  const admin = new CosmosClient({ endpoint: local.endpoint, key: local.key, ...clientOptions });
  await admin.databases.createIfNotExists({ id: 'peer' });
  admin.dispose();
  const storage = new CosmosDbPartitionedStorage({
    cosmosDbEndpoint: local.endpoint,
    authKey: local.key,
    databaseId: 'peer',
    containerId: 'botState',
    compatibilityMode: false,
    cosmosClientOptions: clientOptions,
  });
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const dialogState = conversationState.createProperty('dialogState');
  const profile = userState.createProperty<Answers>('claims');

  const ask = (i: number) => async (step: WaterfallStepContext<Answers>) => {
    if (i > 0) step.options.answers.push(String(step.result));
    return step.prompt('text', QUESTIONS[i]);
  };
  const dialogs = new DialogSet(dialogState).add(new TextPrompt('text')).add(
    new WaterfallDialog<Answers>('newClaim', [
      ...QUESTIONS.map((_, i) => ask(i)),
      async (step) => {
        const saved = await profile.get(step.context, { answers: [] });
        saved.answers = step.options.answers;
        await step.context.sendActivity('Submitted.');
        return step.endDialog();
      },
    ]),
  );

  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const onTurn = async (context: TurnContext) => {
    const dc = await dialogs.createContext(context);
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) {
      if (context.activity.text === 'new association') await dc.beginDialog('newClaim', { answers: [] });
      else await context.sendActivity('Say "new association".');
    }
    await conversationState.saveChanges(context);
    await userState.saveChanges(context);
  };

  const server = restify.createServer();
  server.use(restify.plugins.bodyParser());
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, onTurn);
  });
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(`listening on http://127.0.0.1:${server.address().port}/api/messages\n`);
  });
  process.once('SIGTERM', () => server.close(() => void local.close().then(() => process.exit(0))));
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
