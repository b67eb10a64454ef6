// The bot's scheduler on a test world, as each bot process builds it: its passes run when the test calls them (the
// interval never fires within a test), and several instances on one world race like several processes.
import { Scheduler } from '../../bot/workers/scheduler';
import type { Clock } from '../../services/clock';
import type { BotWorld } from './chat';

export function schedulerOn(world: BotWorld, clock: Clock = world.clock): Scheduler {
  return new Scheduler({
    claims: world.deps.claims,
    delivery: world.delivery,
    leases: world.store.containers.botState,
    log: world.deps.log,
    intervalMs: 60_000,
    clock,
  });
}
