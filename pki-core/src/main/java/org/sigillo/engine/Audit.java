package org.sigillo.engine;

import java.sql.SQLException;
import java.util.List;

import org.sigillo.store.AuditAction;
import org.sigillo.store.AuditEvent;
import org.sigillo.store.AuditLog;
import org.sigillo.store.Transaction;

/** The engine's audit actions, and one place that appends them inside the caller's transaction. */
final class Audit {
    static final AuditAction ENTE_ADDED = AuditAction.of("ENTE_ADDED");
    static final AuditAction CERT_REQUESTED = AuditAction.of("CERT_REQUESTED");
    static final AuditAction CERT_ISSUED = AuditAction.of("CERT_ISSUED");
    static final AuditAction CERT_BLOCKED = AuditAction.of("CERT_BLOCKED");
    static final AuditAction CERT_UNBLOCKED = AuditAction.of("CERT_UNBLOCKED");
    static final AuditAction CERT_CANCELLED = AuditAction.of("CERT_CANCELLED");
    static final AuditAction CERT_EXPIRED = AuditAction.of("CERT_EXPIRED");
    /** A cancelled certificate listed in a published CRL: REVOCA_IN_LAVORAZIONE to REVOCATO. */
    static final AuditAction CERT_REVOKED = AuditAction.of("CERT_REVOKED");
    static final AuditAction CERT_EXPORTED = AuditAction.of("CERT_EXPORTED");
    static final AuditAction PC_REGISTERED = AuditAction.of("PC_REGISTERED");
    static final AuditAction NOTIFICATION_CERT_SET = AuditAction.of("NOTIFICATION_CERT_SET");
    static final AuditAction CRL_PUBLISHED = AuditAction.of("CRL_PUBLISHED");
    static final AuditAction USER_ADDED = AuditAction.of("USER_ADDED");
    static final AuditAction USER_MODIFIED = AuditAction.of("USER_MODIFIED");
    static final AuditAction USER_BLOCKED = AuditAction.of("USER_BLOCKED");
    static final AuditAction USER_UNBLOCKED = AuditAction.of("USER_UNBLOCKED");
    static final AuditAction USER_DELETED = AuditAction.of("USER_DELETED");
    static final AuditAction DAILY_PASSWORD_GRANTED = AuditAction.of("DAILY_PASSWORD_GRANTED");
    static final AuditAction CARD_REQUESTED = AuditAction.of("CARD_REQUESTED");
    static final AuditAction CARD_HANDED_OVER = AuditAction.of("CARD_HANDED_OVER");
    static final AuditAction CARD_DELIVERED = AuditAction.of("CARD_DELIVERED");
    static final AuditAction CARD_BLOCKED = AuditAction.of("CARD_BLOCKED");
    static final AuditAction CARD_UNBLOCKED = AuditAction.of("CARD_UNBLOCKED");
    static final AuditAction CARD_REVOKED = AuditAction.of("CARD_REVOKED");
    /** The e-mail halves were handed out for sending (written before the mail goes, with the change that sends it). */
    static final AuditAction PIN_HALF_SENT = AuditAction.of("PIN_HALF_SENT");
    /** The mailer refused the e-mail halves announced by the PIN_HALF_SENT entry before: they did not go out. */
    static final AuditAction PIN_HALF_NOT_SENT = AuditAction.of("PIN_HALF_NOT_SENT");
    static final AuditAction CERT_WITHDRAWN = AuditAction.of("CERT_WITHDRAWN");

    private final AuditLog log;
    private final String actor;

    Audit(AuditLog log, String actor) {
        this.log = log;
        this.actor = actor;
    }

    void append(Transaction tx, AuditAction action, String subject, String details) throws SQLException {
        log.append(tx, new AuditEvent(actor, action, subject, details));
    }

    /** Appends an entry naming {@code who} (a console principal, or this engine's operator). */
    void append(Transaction tx, Actor who, AuditAction action, String subject, String details) throws SQLException {
        log.append(tx, new AuditEvent(nameOf(who), action, subject, details));
    }

    /** The name the audit log gives {@code who}. */
    String nameOf(Actor who) {
        return who.auditName(actor);
    }

    AuditEvent event(AuditAction action, String subject, String details) {
        return new AuditEvent(actor, action, subject, details);
    }

    void appendAll(Transaction tx, List<AuditEvent> events) throws SQLException {
        log.appendAll(tx, events);
    }

    AuditLog log() {
        return log;
    }
}
