// Sample view models for every card template; the type makes a new template without a sample a compile error.
import type { CardViewModels } from '../../cards';
import { en } from '../../bot/strings/en';

export const cardSamples: CardViewModels = {
  help: {
    heading: en.help.heading,
    intro: en.help.intro,
    notice: en.help.demoMode,
    topics: en.help.topics,
    actions: [{ title: 'Help', command: 'help' }],
  },
};
