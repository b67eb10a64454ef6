// An OpenTelemetry SDK kept in memory for a test: the spans ended, and the metrics read on demand. Registered
// globally (as services/telemetry.ts would), and unregistered by `close`, so other tests run without it.
import { context, metrics, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { MeterProvider, MetricReader, type DataPoint, type MetricData } from '@opentelemetry/sdk-metrics';

/** A reader that collects when asked. */
class OnDemandReader extends MetricReader {
  protected async onShutdown(): Promise<void> {}
  protected async onForceFlush(): Promise<void> {}
}

export interface MemoryTelemetry {
  spans(): ReadableSpan[];
  /** Every metric as collected now (observable gauges are observed by this call). */
  metrics(): Promise<MetricData[]>;
  close(): Promise<void>;
}

export function startMemoryTelemetry(): MemoryTelemetry {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const reader = new OnDemandReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  trace.setGlobalTracerProvider(tracerProvider);
  metrics.setGlobalMeterProvider(meterProvider);
  return {
    spans: () => exporter.getFinishedSpans(),
    async metrics() {
      const { resourceMetrics, errors } = await reader.collect();
      if (errors.length > 0) throw new Error(`metrics collection failed: ${errors.map(String).join('; ')}`);
      return resourceMetrics.scopeMetrics.flatMap((s) => s.metrics);
    },
    async close() {
      await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]);
      trace.disable();
      metrics.disable();
      context.disable();
      propagation.disable();
    },
  };
}

/** The data points of the metric named `name` (none when it was not recorded). */
export function pointsOf(all: MetricData[], name: string): DataPoint<unknown>[] {
  return all.filter((m) => m.descriptor.name === name).flatMap((m) => m.dataPoints as DataPoint<unknown>[]);
}
