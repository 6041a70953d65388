/** How one database provider backs up and restores; backup.ts does what is common to both around it. */
export interface BackupMethod {
  /** The database, for messages: never its password. */
  readonly source: string;
  /** Writes a consistent snapshot of the database, which may be in use, to `path` (a new file). */
  backup(path: string): Promise<void>;
  /** Refuses, saying why, a file of the right format that is not a CBM Tracker backup or cannot be read. */
  checkBackupFile(path: string): Promise<void>;
  /** The tables the target database holds already: a restore goes into an empty database only. */
  existingTables(): Promise<string[]>;
  /** Restores the backup into the (empty) database, whole or not at all. */
  restore(path: string): Promise<void>;
  /** How to get an empty database to restore into, for the refusal when the target holds tables. */
  readonly howToEmpty: string;
}
