/**
 * Real write failures in a SQLite file, made from outside the server: triggers on every table
 * that abort each insert and roll back the whole transaction, as SQLite does on a full disk or
 * an I/O error. (Running as root, a read-only file or directory does not stop writes.)
 */
import Database from 'better-sqlite3';

export async function failSqliteWrites(file: string, message = 'simulated disk full'): Promise<{ restore(): Promise<void> }> {
  const db = new Database(file);
  db.pragma('busy_timeout = 5000');
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
  const triggers = tables.map((t) => `yishi_test_fail_${t}`);
  db.transaction(() => {
    tables.forEach((t, i) => {
      db.exec(`CREATE TRIGGER "${triggers[i]}" BEFORE INSERT ON "${t}" BEGIN SELECT RAISE(ROLLBACK, '${message.replaceAll("'", "''")}'); END`);
    });
  })();
  return {
    async restore() {
      db.transaction(() => {
        for (const name of triggers) db.exec(`DROP TRIGGER IF EXISTS "${name}"`);
      })();
      db.close();
    },
  };
}
