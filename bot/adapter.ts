// The Bot Framework adapter the app and the tests use: its credentials and endpoints from configuration, the turn
// middleware (tracing, one log line per turn, the card budget) and what a failed turn tells the user.
import { CallerIdConstants, type ConfigurationBotFrameworkAuthenticationOptions, type TurnContext } from 'botbuilder';
import { AuthenticationConstants } from 'botframework-connector';
import type { Config } from '../services/config';
import type { Logger } from '../services/logger';
import { stringsFor } from '../services/strings';
import { CardBudget } from './teams/cardBudget';
import { TimedBotFrameworkAuthentication } from './teams/timedConnector';
import { traceTurn } from './teams/turnTracing';
import { CporAdapter } from './web/messagesRoute';

/** Logs the failure with the activity id and tells the user, in their language, without internals. */
export function turnErrorHandler(log: Logger): (context: TurnContext, error: Error) => Promise<void> {
  return async (context, error) => {
    const { activity } = context;
    log.error({ err: error, activityId: activity.id, conversationId: activity.conversation?.id }, 'turn failed');
    try {
      await context.sendActivity(stringsFor(activity.locale).errors.generic);
    } catch (sendError) {
      log.error({ err: sendError, activityId: activity.id }, 'could not tell the user about the failure');
    }
  };
}

/**
 * The public cloud's Bot Framework endpoints with another OpenID metadata URL. botbuilder takes its built-in set only
 * when none of these is given: giving one means giving them all.
 */
function publicCloudWith(openIdMetadataUrl: string): Partial<ConfigurationBotFrameworkAuthenticationOptions> {
  return {
    ValidateAuthority: true,
    ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    ToBotFromChannelOpenIdMetadataUrl: openIdMetadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
  };
}

export function createAdapter(config: Config, log: Logger): CporAdapter {
  const { appId, appPassword, appType, tenantId, openIdMetadataUrl } = config.bot;
  const auth = new TimedBotFrameworkAuthentication(
    {
      MicrosoftAppId: appId,
      MicrosoftAppPassword: appPassword,
      MicrosoftAppType: appType,
      MicrosoftAppTenantId: tenantId,
      ...(openIdMetadataUrl ? publicCloudWith(openIdMetadataUrl) : {}),
    },
    config.outboundTimeoutMs,
  );
  const adapter = new CporAdapter(auth);
  adapter.use(traceTurn);

  // One log line per turn: what came in, from which conversation, how long it took.
  adapter.use(async (context, next) => {
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const { activity } = context;
      log.info(
        {
          activityId: activity.id,
          type: activity.type,
          name: activity.name,
          conversationId: activity.conversation?.id,
          durationMs: Number(process.hrtime.bigint() - started) / 1e6,
        },
        'turn',
      );
    }
  });

  adapter.use(new CardBudget(log));
  adapter.onTurnError = turnErrorHandler(log);
  return adapter;
}
