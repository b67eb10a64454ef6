// Starts the OpenTelemetry SDK, first thing in index.ts, when an exporter is configured:
// - APPLICATIONINSIGHTS_CONNECTION_STRING: Azure Monitor (@azure/monitor-opentelemetry), with its automatic
//   instrumentations off (the bot instruments its own seams: services/observability, bot/web/routeTracing.ts,
//   bot/teams/turnTracing.ts);
// - OTEL_EXPORTER_OTLP_ENDPOINT: OTLP, set up by the SDK from the standard OTEL_* variables (OTEL_EXPORTER_OTLP_PROTOCOL
//   http/protobuf by default, http/json or grpc; OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES, OTEL_METRIC_EXPORT_INTERVAL,
//   OTEL_TRACES_SAMPLER…); with Azure Monitor too, its copy goes as http/json.
// Neither: nothing is loaded beyond @opentelemetry/api, whose calls are then no-ops.
import type { ProxyTracerProvider } from '@opentelemetry/api';
import type { TelemetryConfig } from './config';

export interface Telemetry {
  /** Where traces and metrics go ("azureMonitor", "otlp"); empty when nowhere. */
  exporters: string[];
  /** Sends what is buffered, then stops (at shutdown). */
  shutdown(): Promise<void>;
}

const SERVICE = { 'service.name': 'cpor-assistant' };

/** The OTLP exporters beside Azure Monitor's (the standard OTEL_EXPORTER_OTLP_* variables give endpoint and headers). */
async function otlpBesideAzureMonitor() {
  const [{ OTLPTraceExporter }, { OTLPMetricExporter }, { BatchSpanProcessor }, { PeriodicExportingMetricReader }] = await Promise.all([
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/exporter-metrics-otlp-http'),
    import('@opentelemetry/sdk-trace-base'),
    import('@opentelemetry/sdk-metrics'),
  ]);
  return {
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
    metricReaders: [new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter() })],
  };
}

interface Flushable {
  forceFlush?(): Promise<void>;
}

async function flushGlobalProviders(): Promise<void> {
  const { trace, metrics } = await import('@opentelemetry/api');
  const tracerProvider = (trace.getTracerProvider() as ProxyTracerProvider).getDelegate() as Flushable;
  await Promise.all([tracerProvider.forceFlush?.(), (metrics.getMeterProvider() as Flushable).forceFlush?.()]);
}

export async function startTelemetry(config: TelemetryConfig): Promise<Telemetry> {
  const { azureMonitorConnectionString: connectionString, otlpEndpoint } = config;
  if (!connectionString && !otlpEndpoint) return { exporters: [], shutdown: () => Promise.resolve() };
  // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES, when set, win over this name (the SDK's resource detection).
  const resource = (await import('@opentelemetry/resources')).resourceFromAttributes(SERVICE);

  if (connectionString) {
    const [{ useAzureMonitor, shutdownAzureMonitor }, azureLogger] = await Promise.all([import('@azure/monitor-opentelemetry'), import('@azure/logger')]);
    const azureSdkLogLevel = azureLogger.getLogLevel();
    const off = { enabled: false };
    useAzureMonitor({
      azureMonitorExporterOptions: { connectionString },
      resource,
      instrumentationOptions: { azureSdk: off, http: off, mongoDb: off, mySql: off, postgreSql: off, redis: off, redis4: off, bunyan: off, winston: off },
      ...(otlpEndpoint ? await otlpBesideAzureMonitor() : {}),
    });
    // The distro turns the Azure SDKs' own console logging on at "warning" unless AZURE_LOG_LEVEL says otherwise: the
    // store's every 404 (a missing document, in its normal course) would be printed. Left as it was before.
    if (azureLogger.getLogLevel() !== azureSdkLogLevel) azureLogger.setLogLevel(azureSdkLogLevel);
    return {
      exporters: otlpEndpoint ? ['azureMonitor', 'otlp'] : ['azureMonitor'],
      // The distro's shutdown stops its sender before the last export: what is buffered is flushed first.
      shutdown: async () => {
        await flushGlobalProviders();
        await shutdownAzureMonitor();
      },
    };
  }

  const { NodeSDK } = await import('@opentelemetry/sdk-node');
  // Exporters, readers and sampler from the OTEL_* variables; no log export (the log lines are pino's, on stdout).
  const sdk = new NodeSDK({ resource, instrumentations: [], logRecordProcessors: [] });
  sdk.start();
  return { exporters: ['otlp'], shutdown: () => sdk.shutdown() };
}
