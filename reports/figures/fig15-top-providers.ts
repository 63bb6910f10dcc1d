import { resultsByGroup } from './group-figures.js';

export const fig15TopProviders = resultsByGroup({
  id: 'fig15-top-providers',
  title: 'Figure 15 – Receiving providers with the most email',
  section: 'Beyond the source report',
  note:
    'The providers that received the most email, a provider being the registrable domain of ' +
    'its MX hosts (google.com for gmail-smtp-in.l.google.com), and the STARTTLS results of ' +
    'their email.',
  query: 'top-providers',
  group: { key: 'provider', label: 'Provider', name: 'datum.provider' },
  counts: { label: 'Emails', xTitle: 'Share of the provider’s email' },
  empty: 'No delivered email to an MX host in this period.',
});
