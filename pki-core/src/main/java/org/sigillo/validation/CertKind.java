package org.sigillo.validation;

/** What a verified certificate is, by its issuer, subject and extended key usage. */
enum CertKind {
    /** A workstation (PC) certificate: workstation CA, CN {@code {ISTAT}-PC-{NNNN}}, clientAuth. */
    WORKSTATION,
    /** A server (CO) certificate: workstation CA, CN {@code {ISTAT}-CO-{NNNN}}. */
    SERVER,
    /** A smart-card certificate: smart-card CA, serialNumber {@code TINIT-…}, clientAuth. */
    SMART_CARD,
    /** Anything else the trusted CAs signed (a CA certificate, an unknown subject form). */
    OTHER
}
