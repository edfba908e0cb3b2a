/*
 * Schema migrations: numbered SQL files under src/db/migrations/, embedded in
 * the binary and applied in order, each inside its own transaction, recorded
 * in schema_migrations.
 *
 * To add a migration: create src/db/migrations/NNNN_what.sql with the next
 * number, in the portable subset (DESIGN.md section 4). Write {{ID}} for an
 * auto-increment primary key and {{BLOB}} for bytes. Only where the engines truly differ, add
 * NNNN_what.pg.sql beside it; PostgreSQL then runs that file instead.
 */
#ifndef DARS_DB_MIGRATE_H
#define DARS_DB_MIGRATE_H

struct db;

/* Apply every pending migration; *applied (may be NULL) gets how many ran. */
int db_migrate(struct db *db, int *applied /* OUT */);

#endif
