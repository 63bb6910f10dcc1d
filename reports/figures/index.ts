import type { Figure } from '../figure.js';
import { fig01Overall } from './fig01-overall.js';
import { fig02Reasons } from './fig02-reasons.js';
import { fig03Ciphers } from './fig03-ciphers.js';
import { fig04ForwardSecrecy } from './fig04-forward-secrecy.js';
import { fig05SoftwareResults, fig06SoftwareReasons } from './fig05-06-software.js';
import {
  fig07TldResults,
  fig08TldReasons,
  fig09EuropeResults,
  fig10EuropeReasons,
  fig11AsiaPacificResults,
  fig12AsiaPacificReasons,
} from './fig07-12-tlds.js';
import { fig13TlsVersions } from './fig13-tls-versions.js';
import { fig14DailyTrend } from './fig14-daily-trend.js';
import { fig15TopProviders } from './fig15-top-providers.js';
import { fig16EvidenceCoverage } from './fig16-evidence-coverage.js';
import { fig17EnforcementImpact } from './fig17-enforcement-impact.js';

/** Every figure of the report, in the order the report prints them. */
export const FIGURES: readonly Figure[] = [
  fig01Overall,
  fig02Reasons,
  fig03Ciphers,
  fig04ForwardSecrecy,
  fig05SoftwareResults,
  fig06SoftwareReasons,
  fig07TldResults,
  fig08TldReasons,
  fig09EuropeResults,
  fig10EuropeReasons,
  fig11AsiaPacificResults,
  fig12AsiaPacificReasons,
  fig13TlsVersions,
  fig14DailyTrend,
  fig15TopProviders,
  fig16EvidenceCoverage,
  fig17EnforcementImpact,
];
