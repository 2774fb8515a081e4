/**
 * The search index: a SQLite file of its own with an FTS5 full-text table. The indexer (a stream
 * consumer) is its only writer; the search endpoint opens it read-only. Both run in their own worker
 * threads (and would be separate processes on AWS, sharing a file system such as EFS); WAL mode lets
 * the reader read while the writer writes.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

/** What the index keeps of a user. */
export interface IndexedUser {
  id: string;
  name: string;
  email: string;
  company?: string;
}

export interface SearchHit {
  id: string;
  name: string;
  email: string;
  /** Relevance (BM25 negated: higher is better), to 4 significant digits. */
  score: number;
}

/** One change to apply: INSERT and MODIFY upsert the user, REMOVE deletes it. */
export type IndexChange = { upsert: IndexedUser } | { remove: string };

/*
 * `users` holds the documents (one row per user id, so upserts and deletes are by key and idempotent);
 * `users_fts` is an external-content FTS5 index over it, kept in step by triggers as SQLite's FTS5
 * documentation describes. unicode61 with remove_diacritics matches "godel" to "Gödel" and splits
 * "ada@analytical.org" into ada / analytical / org; the prefix indexes make "lov*" cheap.
 */
const SCHEMA = `
create table if not exists users (
  doc integer primary key,
  id text not null unique,
  name text not null,
  email text not null,
  company text
);
create virtual table if not exists users_fts using fts5(
  name, email, company,
  content = 'users', content_rowid = 'doc',
  tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
);
create trigger if not exists users_ai after insert on users begin
  insert into users_fts (rowid, name, email, company) values (new.doc, new.name, new.email, new.company);
end;
create trigger if not exists users_ad after delete on users begin
  insert into users_fts (users_fts, rowid, name, email, company) values ('delete', old.doc, old.name, old.email, old.company);
end;
create trigger if not exists users_au after update on users begin
  insert into users_fts (users_fts, rowid, name, email, company) values ('delete', old.doc, old.name, old.email, old.company);
  insert into users_fts (rowid, name, email, company) values (new.doc, new.name, new.email, new.company);
end;
`;

export class SearchIndex {
  readonly #db: Database.Database;

  private constructor(db: Database.Database) {
    this.#db = db;
  }

  /** The writer's connection: creates the directory, the file and the schema when missing. */
  static openForWriting(file: string): SearchIndex {
    mkdirSync(dirname(file), { recursive: true });
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.transaction(() => db.exec(SCHEMA))();
    return new SearchIndex(db);
  }

  /** A read-only connection, or undefined while the indexer has not created the index yet. */
  static openForReading(file: string): SearchIndex | undefined {
    let db: Database.Database;
    try {
      db = new Database(file, { readonly: true, fileMustExist: true });
    } catch {
      return undefined;
    }
    const ready = db.prepare("select 1 from sqlite_master where name = 'users_fts'").get() !== undefined;
    if (!ready) {
      db.close();
      return undefined;
    }
    return new SearchIndex(db);
  }

  /** Applies a batch of changes in one transaction: a batch is indexed entirely or not at all. */
  apply(changes: readonly IndexChange[]): void {
    const upsert = this.#db.prepare(
      `insert into users (id, name, email, company) values (@id, @name, @email, @company)
       on conflict (id) do update set name = excluded.name, email = excluded.email, company = excluded.company`,
    );
    const remove = this.#db.prepare('delete from users where id = ?');
    this.#db.transaction(() => {
      for (const change of changes) {
        if ('remove' in change) remove.run(change.remove);
        else upsert.run({ company: null, ...change.upsert });
      }
    })();
  }

  /** Users matching every word of `words` (each also as a prefix), best first. */
  search(words: readonly string[], limit: number): SearchHit[] {
    const match = words.map((word) => `"${word.replaceAll('"', '""')}"*`).join(' ');
    const rows = this.#db.prepare(
      `select u.id, u.name, u.email, bm25(users_fts) as rank
       from users_fts join users u on u.doc = users_fts.rowid
       where users_fts match ? order by rank limit ?`,
    ).all(match, limit) as { id: string; name: string; email: string; rank: number }[];
    return rows.map(({ rank, ...hit }) => ({ ...hit, score: Number((-rank).toPrecision(4)) }));
  }

  close(): void {
    this.#db.close();
  }
}

/** The words of a search box's text, as the index's tokenizer splits them. */
export function searchWords(text: string): string[] {
  return text.normalize('NFKC').match(/[\p{L}\p{N}]+/gu) ?? [];
}
