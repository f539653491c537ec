package org.sigillo.lifecycle;

/**
 * The states of a workstation, server or smart-card certificate (DOMAIN.md "Lifecycles"), with
 * the Italian names operators know.
 *
 * <pre>
 * RICHIESTA_IN_LAVORAZIONE --ISSUE--> ATTIVO <--BLOCK/UNBLOCK--> BLOCCATO
 * ATTIVO | BLOCCATO --CANCEL--> REVOCA_IN_LAVORAZIONE --PUBLISH--> REVOCATO
 * ATTIVO | BLOCCATO, past notAfter --EXPIRE--> SCADUTO
 * RICHIESTA_IN_LAVORAZIONE --WITHDRAW--> RICHIESTA_ANNULLATA
 * </pre>
 * A request is withdrawn when what it was for goes away before the batch reaches it (a smart
 * card replaced or revoked while still in production): no certificate ever exists for it.
 */
public enum CertificateState {
    /** Requested and queued; no certificate exists yet. */
    RICHIESTA_IN_LAVORAZIONE,
    /** Issued and usable. */
    ATTIVO,
    /** Temporarily suspended (CRL reason certificateHold); reversible. */
    BLOCCATO,
    /** Cancelled; revoked for good, waiting for the next CRL publication. */
    REVOCA_IN_LAVORAZIONE,
    /** Cancelled and published in a CRL. */
    REVOCATO,
    /** Past its notAfter. */
    SCADUTO,
    /** A request withdrawn before issue; no certificate exists, none ever will. */
    RICHIESTA_ANNULLATA;

    /**
     * The state after {@code t}.
     *
     * @throws IllegalTransitionException when {@code t} is not allowed from this state
     */
    public CertificateState after(Transition t) {
        CertificateState next = switch (t) {
            case ISSUE -> this == RICHIESTA_IN_LAVORAZIONE ? ATTIVO : null;
            case BLOCK -> this == ATTIVO ? BLOCCATO : null;
            case UNBLOCK -> this == BLOCCATO ? ATTIVO : null;
            case CANCEL -> this == ATTIVO || this == BLOCCATO ? REVOCA_IN_LAVORAZIONE : null;
            case PUBLISH -> this == REVOCA_IN_LAVORAZIONE ? REVOCATO : null;
            case EXPIRE -> this == ATTIVO || this == BLOCCATO ? SCADUTO : null;
            case WITHDRAW -> this == RICHIESTA_IN_LAVORAZIONE ? RICHIESTA_ANNULLATA : null;
        };
        if (next == null) {
            throw new IllegalTransitionException(this, t);
        }
        return next;
    }

    /** Whether {@code t} is allowed from this state. */
    public boolean allows(Transition t) {
        try {
            after(t);
            return true;
        } catch (IllegalTransitionException e) {
            return false;
        }
    }

    /** Whether a certificate exists in this state (everything after the request). */
    public boolean isIssued() {
        return this != RICHIESTA_IN_LAVORAZIONE && this != RICHIESTA_ANNULLATA;
    }

    /** Whether relying parties must refuse the certificate (blocked, cancelled, revoked). */
    public boolean isRevokedOrHeld() {
        return this == BLOCCATO || this == REVOCA_IN_LAVORAZIONE || this == REVOCATO;
    }
}
