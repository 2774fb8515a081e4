"""
The search index: a SQLite file of its own with an FTS5 full-text table (Python's sqlite3, standard
library). The indexer is its only writer; the search route opens it read-only. WAL lets the reader read
while the writer writes.
"""
import os
import sqlite3

SCHEMA = """
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
"""


def open_for_writing(path):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    db = sqlite3.connect(path)
    db.execute("pragma journal_mode = wal")
    db.executescript(SCHEMA)
    return db


def open_for_reading(path):
    """A read-only connection, or None while the indexer has not created the index yet."""
    try:
        db = sqlite3.connect("file:{}?mode=ro".format(path), uri=True)
        db.execute("select 1 from users_fts limit 1")
        return db
    except sqlite3.OperationalError:
        return None


def apply(db, upserts, removals):
    """One transaction per batch: a batch is indexed entirely or not at all."""
    with db:
        for user in upserts:
            db.execute(
                "insert into users (id, name, email, company) values (:id, :name, :email, :company)"
                " on conflict (id) do update set name = excluded.name, email = excluded.email, company = excluded.company",
                {"id": user["id"], "name": user["name"], "email": user["email"], "company": user.get("company")},
            )
        for user_id in removals:
            db.execute("delete from users where id = ?", (user_id,))


def search(db, text, limit=10):
    """Users matching every word of `text` (each as a prefix), best first."""
    words = ['"{}"*'.format(word.replace('"', '""')) for word in text.split()]
    if not words:
        return []
    rows = db.execute(
        "select users.id, users.name, users.email from users_fts join users on users.doc = users_fts.rowid"
        " where users_fts match ? order by bm25(users_fts), users.id limit ?",
        (" ".join(words), limit),
    )
    return [{"id": row[0], "name": row[1], "email": row[2]} for row in rows]
