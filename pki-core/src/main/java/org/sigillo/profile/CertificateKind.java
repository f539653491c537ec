package org.sigillo.profile;

/** The three kinds of end-entity certificate Sigillo mints (DOMAIN.md). */
public enum CertificateKind {
    /** A PC's TLS client certificate, tied to no person ({ISTAT}-PC-{NNNN}). */
    WORKSTATION,
    /** The ente's batch/web-service and notification certificate ({ISTAT}-CO-9999 …). */
    SERVER,
    /** The personal certificate on a user's smart card, carrying the codice fiscale. */
    SMART_CARD
}
