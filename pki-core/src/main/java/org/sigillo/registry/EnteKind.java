package org.sigillo.registry;

/** The two kinds of ente: a municipality or a prefecture. */
public enum EnteKind {
    /** A municipality. */
    COMUNE,
    /** A prefecture: at most five users and five workstations; hands card batches over. */
    PREFETTURA
}
