// Bot Connector calls with a timeout. botbuilder's ConnectorClient has none: a connector that accepts the
// connection and never answers holds a proactive send (and whatever awaits it, like the scheduler) forever.
// The adapter gets its ConnectorClients from the authentication's connector factories (proactive sends:
// createConnectorFactory; replies in a turn: the factory authenticateRequest returns); each client made here
// sends every operation with `timeout`, which the HTTP pipeline enforces by aborting the request.
// botbuilder also builds a new ConnectorClient (credentials, HTTP pipeline) for every turn and every proactive send,
// about a tenth of a millisecond each time: a client is made once per bot identity, audience and service URL here
// and reused (the credentials keep their token cache, so reuse also spares token look-ups). The same goes for the
// user token client every turn gets (building them was 4 % of the main thread's time in a scheduler pass's profile):
// one per bot identity.
import { ConfigurationBotFrameworkAuthentication, type ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import type { Activity } from 'botbuilder';
import { AuthenticationConstants } from 'botframework-connector';
import type { AuthenticateRequestResult, ClaimsIdentity, ConnectorClient, ConnectorFactory, UserTokenClient } from 'botframework-connector';

type SendOperationRequest = ConnectorClient['sendOperationRequest'];

/** Clients kept: a bot talks to a handful of service URLs (one per region), so this is never reached in practice. */
const CLIENTS_KEPT = 100;

/**
 * What a client made by `factory` depends on besides its service URL and audience (botframework-connector's
 * ConnectorFactoryImpl: the bot's app id, the default scope, the login endpoint); undefined for a factory of
 * another shape, whose clients are then not reused.
 */
function identityOf(factory: ConnectorFactory): string | undefined {
  const { appId, toChannelFromBotOAuthScope, loginEndpoint, validateAuthority } = factory as unknown as Record<string, unknown>;
  if (typeof toChannelFromBotOAuthScope !== 'string' || typeof loginEndpoint !== 'string') return undefined;
  return JSON.stringify([appId ?? null, toChannelFromBotOAuthScope, loginEndpoint, validateAuthority ?? null]);
}

/** The app id botframework-connector makes a user token client for (its getAppId): the audience, else the app id claim. */
const appIdOf = (identity: ClaimsIdentity): string | undefined =>
  identity.getClaimValue(AuthenticationConstants.AudienceClaim) ?? identity.getClaimValue(AuthenticationConstants.AppIdClaim) ?? undefined;

/**
 * The client kept under `key`, else the one `make` starts, kept: at most CLIENTS_KEPT, the oldest going first. A failed
 * creation is not kept, so the next turn tries again.
 */
function kept<T>(clients: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  const known = clients.get(key);
  if (known) return known;
  const client = make();
  client.catch(() => clients.get(key) === client && clients.delete(key));
  if (clients.size >= CLIENTS_KEPT) clients.delete(clients.keys().next().value as string);
  clients.set(key, client);
  return client;
}

function withTimeout(factory: ConnectorFactory, timeoutMs: number, clients: Map<string, Promise<ConnectorClient>>): ConnectorFactory {
  const identity = identityOf(factory);
  const make = async (serviceUrl: string, audience?: string): Promise<ConnectorClient> => {
    const client = await factory.create(serviceUrl, audience);
    const send: SendOperationRequest = client.sendOperationRequest.bind(client);
    // Every operation of client.conversations, client.attachments… goes through this one method.
    client.sendOperationRequest = (args, spec, callback) =>
      send({ ...args, options: { timeout: timeoutMs, ...(args.options as object | undefined) } }, spec, callback);
    return client;
  };
  return {
    create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
      if (identity === undefined) return make(serviceUrl, audience);
      return kept(clients, JSON.stringify([identity, serviceUrl, audience ?? null]), () => make(serviceUrl, audience));
    },
  };
}

export class TimedBotFrameworkAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly clients = new Map<string, Promise<ConnectorClient>>();
  private readonly userTokenClients = new Map<string, Promise<UserTokenClient>>();

  constructor(
    options: ConfigurationBotFrameworkAuthenticationOptions,
    private readonly timeoutMs: number,
  ) {
    super(options);
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return withTimeout(super.createConnectorFactory(claimsIdentity), this.timeoutMs, this.clients);
  }

  /**
   * botframework-connector makes a UserTokenClient (credentials, HTTP pipeline) for every turn, used or not; its
   * only inputs besides this authentication's settings are the app id of the identity, so one per app id is kept.
   */
  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return kept(this.userTokenClients, JSON.stringify(appIdOf(claimsIdentity) ?? null), () => super.createUserTokenClient(claimsIdentity));
  }

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    const result = await super.authenticateRequest(activity, authHeader);
    return result.connectorFactory ? { ...result, connectorFactory: withTimeout(result.connectorFactory, this.timeoutMs, this.clients) } : result;
  }
}
