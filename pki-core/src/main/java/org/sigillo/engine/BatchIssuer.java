package org.sigillo.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import org.sigillo.ca.CaHierarchy;
import org.sigillo.hsm.Sealer;
import org.sigillo.lifecycle.CertificateState;
import org.sigillo.profile.CertificateKind;
import org.sigillo.profile.CsrVerifier;
import org.sigillo.registry.Ente;
import org.sigillo.registry.IstatCode;
import org.sigillo.store.AuditEvent;
import org.sigillo.store.Database;
import org.sigillo.store.StoreException;

/**
 * Issues every queued request: key pairs made in software (they travel to the PC inside a
 * PKCS#12) and sealed with the vault's key, certificates signed in parallel through the CA's
 * signer pool in the HSM, recorded with their audit entries in groups of
 * {@link EngineSettings#batchGroup()} to {@link EngineSettings#batchChunk()} per transaction. A
 * certificate is handed out (visible in the store and the live status) only once recorded; a
 * request that fails stays queued for the next batch, and a crash before the commit loses nothing
 * but the unrecorded signatures.
 *
 * <p>A request queued while its CA could still cover the 6-year certificate, batched once it no
 * longer can (the CA's remaining validity went under 6 years in between), is neither issued nor
 * half done: the minting refuses it {@link Refusal#CA_EXPIRES_TOO_SOON} before the CA signs
 * (no serial taken), nothing is recorded or audited, and it stays queued, reported in
 * {@link BatchReport#failed()} with that typed reason at every batch. Never a certificate that
 * outlives its issuer (RFC 5280 path validation refuses it), nor a shorter one (the domain's 6
 * years); not withdrawn either, for a card request has already revoked the person's previous card
 * and only its new certificate can replace it. A CA rollover is the remedy: a new issuing CA
 * would issue what is queued. New requests are refused up front (see {@code IssuerCoverage}).
 */
public final class BatchIssuer implements AutoCloseable {
    private final Database db;
    private final CertificateStore store;
    private final Audit audit;
    private final LiveStatus live;
    private final EngineSettings settings;
    private final Minter minter;
    private final Servers servers;
    private final Certificates certificates;
    private final ExecutorService pool;
    /** Set by {@link #close}: a run started after it is refused before it writes anything. */
    private volatile boolean closed;
    /** Re-checks each card's stored request before its key is certified (thread-safe, one BC provider). */
    private final CsrVerifier csrVerifier = new CsrVerifier();

    BatchIssuer(Database db, CertificateStore store, Audit audit, LiveStatus live, EngineSettings settings, CaHierarchy ca,
                Sealer sealer, Servers servers, Certificates certificates) {
        this.db = db;
        this.store = store;
        this.audit = audit;
        this.live = live;
        this.settings = settings;
        this.servers = servers;
        this.certificates = certificates;
        this.minter = new Minter(ca, sealer, settings.clock());
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(settings.batchThreads(), r -> {
            Thread t = new Thread(r, "sigillo-batch-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Moves the certificates past their notAfter to SCADUTO, renews due server certificates,
     * then issues every queued request. (Nothing else expires certificates: the batch runs every
     * few minutes, and an embedder that never runs it can call {@code certificates().expireDue()}.)
     */
    public BatchReport run() {
        return run(Progress.NONE);
    }

    /** {@link #run()}, telling {@code progress} after each recorded chunk how many requests are done. */
    public BatchReport run(Progress progress) {
        Objects.requireNonNull(progress, "progress");
        if (closed) {
            // before the expiry and renewal writes: a refused run leaves the store as it was
            throw new IllegalStateException("the engine is closed: no batch runs on it");
        }
        certificates.expireDue();
        List<String> renewed = servers.renewDue().stream().map(Object::toString).toList();
        Map<IstatCode, Ente> enti = new HashMap<>();
        List<CertificateRecord> queued = db.inTransaction(tx -> {
            enti.clear(); // a rerun after a conflict starts afresh
            List<CertificateRecord> q = store.queued(tx, Integer.MAX_VALUE);
            // only the enti the queue names (a registry has thousands; a batch usually one or two)
            for (CertificateRecord r : q) {
                if (!enti.containsKey(r.ente())) {
                    enti.put(r.ente(), store.ente(tx, r.ente()).orElseThrow(() -> new StoreException(
                            StoreException.Kind.CORRUPT,
                            "request " + r.code() + " names ente " + r.ente() + ", which is not in the store")));
                }
            }
            return q;
        });
        List<String> issued = new ArrayList<>();
        List<BatchReport.Failure> failed = new ArrayList<>();
        // Every request is handed to the signing threads at once, so that while this thread
        // records one chunk (a transaction with its audit entries) the next chunks are signed.
        List<Future<Minter.Minted>> futures = new ArrayList<>(queued.size());
        for (CertificateRecord r : queued) {
            Callable<Minter.Minted> task = r.kind() == CertificateKind.SMART_CARD
                    ? () -> minter.mintCard(r, db.inTransaction(tx -> new Minter.CardInput(
                            csrVerifier.verify(store.csr(tx, r.id()).orElseThrow()),
                            store.holder(tx, r.id()).orElseThrow())))
                    : () -> minter.mint(r, enti.get(r.ente()));
            try {
                futures.add(pool.submit(task));
            } catch (RejectedExecutionException closedMeanwhile) {
                // the engine closed during this run: the request stays queued, reported not signed
                FutureTask<Minter.Minted> dropped = new FutureTask<>(task);
                dropped.cancel(false);
                futures.add(dropped);
            }
        }
        // Record as the signatures come: wait for the next group (batchGroup certificates, or the
        // rest), then take every following one already signed (up to a chunk). While one group is
        // recorded the signing threads go on, so the recording fills the time a core would
        // otherwise idle; groups keep the commits few (each rewrites every page it touches).
        for (int from = 0, to; from < queued.size(); from = to) {
            to = readyEnd(futures, from, settings.batchGroup(), settings.batchChunk());
            List<Minter.Minted> minted = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
                try {
                    minted.add(futures.get(i).get());
                } catch (ExecutionException e) {
                    failed.add(BatchReport.Failure.of(queued.get(i).code(), e.getCause()));
                } catch (CancellationException e) {
                    // the engine closed before this request was signed (close() cancels what it dropped)
                    failed.add(new BatchReport.Failure(queued.get(i).code(), "not signed: the engine was closed"));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failed.add(new BatchReport.Failure(queued.get(i).code(), "interrupted"));
                }
            }
            List<CertificateRecord> recorded = record(minted);
            recorded.forEach(live::apply);
            recorded.forEach(r -> issued.add(r.code()));
            progress.advanced(to, queued.size());
        }
        return new BatchReport(issued, renewed, failed);
    }

    /**
     * Waits until the {@code group} futures from {@code from} on are done (all the rest, when fewer
     * remain); returns the end of the run of done futures from there, at most {@code chunk} long.
     */
    static int readyEnd(List<? extends Future<?>> futures, int from, int group, int chunk) {
        int wanted = Math.min(futures.size(), from + group);
        for (int i = from; i < wanted; i++) {
            try {
                futures.get(i).get();
            } catch (ExecutionException | CancellationException e) {
                // reported by the caller, which reads every future again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Math.max(from + 1, i);
            }
        }
        int end = wanted;
        int limit = Math.min(futures.size(), from + chunk);
        while (end < limit && futures.get(end).isDone()) {
            end++;
        }
        return end;
    }

    private List<CertificateRecord> record(List<Minter.Minted> minted) {
        if (minted.isEmpty()) {
            return List.of();
        }
        List<CertificateStore.Issued> rows = new ArrayList<>(minted.size());
        for (Minter.Minted m : minted) {
            rows.add(m.row());
        }
        return db.inTransaction(tx -> {
            Instant now = settings.clock().instant();
            CertificateStore.Marked marked = store.markIssuedAll(tx, rows, now);
            boolean[] done = marked.done();
            List<CertificateRecord> out = new ArrayList<>(minted.size());
            List<AuditEvent> events = new ArrayList<>(minted.size());
            for (int i = 0; i < rows.size(); i++) {
                if (!done[i]) {
                    continue; // issued meanwhile by another batch: this signature is discarded unused
                }
                CertificateRecord q = minted.get(i).request();
                CertificateStore.Issued row = rows.get(i);
                CertificateRecord r = new CertificateRecord(q.id(), q.kind(), q.code(), q.ente(),
                        CertificateState.ATTIVO, q.label(), q.keySpec(), q.holderCf(), q.requestedAt(), now,
                        Optional.of(row.serial()), Optional.of(row.issuerKeyId()),
                        Optional.of(row.notBefore()), Optional.of(row.notAfter()), Optional.of(row.der()),
                        Optional.empty(), Optional.empty(), Optional.empty(), marked.changeSeq());
                events.add(audit.event(Audit.CERT_ISSUED, r.code(), minted.get(i).auditDetail()));
                out.add(r);
            }
            audit.appendAll(tx, events);
            // after the CERT_ISSUED entries: a server certificate is audited as the ente's
            // notification certificate only after its issuance
            for (CertificateRecord r : out) {
                servers.issued(tx, r);
            }
            return out;
        });
    }

    @Override
    public void close() {
        closed = true;
        Background.stop(pool);
    }
}
