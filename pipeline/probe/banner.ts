import { softwareFromBanner } from '../enrich/software.js';

/** The software a greeting names, looking at each of its lines (`\n`-separated). */
export function bannerSoftware(banner: string): string | null {
  for (const line of banner.split('\n')) {
    const software = softwareFromBanner(line);
    if (software !== null) return software;
  }
  return null;
}
