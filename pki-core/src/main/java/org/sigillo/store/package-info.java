/**
 * Sigillo's database foundation: {@link Database} (H2 file or PostgreSQL, one
 * transaction per {@link Database#inTransaction unit of work}),
 * {@link SchemaMigrator} (versioned classpath SQL migrations run at start),
 * {@link DurableCounters} (named, durable, gapless counters) and
 * {@link AuditLog} (append-only, hash-chained audit log). Every failure leaves as a
 * {@link StoreException} with a kind.
 *
 * <pre>{@code
 * Database db = Database.openH2(home.resolve("db"));          // or Database.openPostgres(url, user, pwd)
 * new SchemaMigrator(db, clock).migrate();
 * DurableCounters counters = new DurableCounters(db);
 * AuditLog audit = new AuditLog(db, clock);
 * String code = db.inTransaction(tx -> {
 *     long n = counters.next(tx, "workstation:" + istat);
 *     String ws = String.format("%s-PC-%04d", istat, n);
 *     audit.append(tx, new AuditEvent(operator, AuditAction.of("WORKSTATION_REGISTERED"), ws, "{}"));
 *     return ws;
 * });
 * }</pre>
 */
package org.sigillo.store;
