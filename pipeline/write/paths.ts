import path from 'node:path';

/**
 * The warehouse layout. Deliveries are Hive-partitioned by UTC day, one Parquet file per input
 * file and day, named by the input's content fingerprint so that re-reading a file replaces
 * exactly its rows. Files being written carry a leading dot and a `.tmp` suffix, which
 * `*.parquet` wildcards never match.
 */
export const warehousePaths = (root: string) => ({
  root,
  deliveries: path.join(root, 'deliveries'),
  deliveryPart: (day: string, fileId: string) =>
    path.join(root, 'deliveries', `day=${day}`, `${fileId}.parquet`),
  deliveriesGlob: path.join(root, 'deliveries', '*', '*.parquet'),
  manifest: path.join(root, 'manifest'),
  manifestEntry: (fileId: string) => path.join(root, 'manifest', `${fileId}.json`),
  quarantine: path.join(root, 'quarantine'),
  quarantineEntry: (fileId: string) => path.join(root, 'quarantine', `${fileId}.jsonl`),
  rollups: path.join(root, 'rollups'),
  scratch: path.join(root, '.scratch'),
  lock: path.join(root, '.lock'),
});

export type WarehousePaths = ReturnType<typeof warehousePaths>;

/** The temporary name a file is written under before it is renamed into place. */
export function stagingName(finalPath: string): string {
  return path.join(path.dirname(finalPath), `.${path.basename(finalPath)}.tmp`);
}
