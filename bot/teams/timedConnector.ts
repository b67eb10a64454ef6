// Bot Connector calls with a timeout. botbuilder's ConnectorClient has none: a connector that accepts the
// connection and never answers holds a proactive send (and whatever awaits it, like the scheduler) forever.
// The adapter gets its ConnectorClients from the authentication's connector factories (proactive sends:
// createConnectorFactory; replies in a turn: the factory authenticateRequest returns); each client made here
// sends every operation with `timeout`, which the HTTP pipeline enforces by aborting the request.
import { ConfigurationBotFrameworkAuthentication, type ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import type { Activity } from 'botbuilder';
import type { AuthenticateRequestResult, ClaimsIdentity, ConnectorClient, ConnectorFactory } from 'botframework-connector';

type SendOperationRequest = ConnectorClient['sendOperationRequest'];

function withTimeout(factory: ConnectorFactory, timeoutMs: number): ConnectorFactory {
  return {
    async create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
      const client = await factory.create(serviceUrl, audience);
      const send: SendOperationRequest = client.sendOperationRequest.bind(client);
      // Every operation of client.conversations, client.attachments… goes through this one method.
      client.sendOperationRequest = (args, spec, callback) =>
        send({ ...args, options: { timeout: timeoutMs, ...(args.options as object | undefined) } }, spec, callback);
      return client;
    },
  };
}

export class TimedBotFrameworkAuthentication extends ConfigurationBotFrameworkAuthentication {
  constructor(
    options: ConfigurationBotFrameworkAuthenticationOptions,
    private readonly timeoutMs: number,
  ) {
    super(options);
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return withTimeout(super.createConnectorFactory(claimsIdentity), this.timeoutMs);
  }

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    const result = await super.authenticateRequest(activity, authHeader);
    return result.connectorFactory ? { ...result, connectorFactory: withTimeout(result.connectorFactory, this.timeoutMs) } : result;
  }
}
