package org.sigillo.engine;

import org.sigillo.crl.RevocationReason;

/** Why an ALS revokes a card outright (without requesting a new one). */
public enum CardRevocationReason {
    /** Lost or stolen: keyCompromise. */
    LOSS_OR_THEFT(RevocationReason.KEY_COMPROMISE),
    /** The holder no longer works for the ente: cessationOfOperation. */
    CESSATION(RevocationReason.CESSATION_OF_OPERATION),
    /** Any other reason: unspecified. */
    OTHER(RevocationReason.UNSPECIFIED);

    private final RevocationReason crlReason;

    CardRevocationReason(RevocationReason crlReason) {
        this.crlReason = crlReason;
    }

    /** The CRL reason code it is published with. */
    public RevocationReason crlReason() {
        return crlReason;
    }
}
