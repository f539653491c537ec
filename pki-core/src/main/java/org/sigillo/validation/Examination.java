package org.sigillo.validation;

/** What examining certificate bytes gave: the verified facts, or why there are none. */
sealed interface Examination permits CertFacts, Examination.Failure {

    /** The bytes are not a certificate a trusted CA signed. */
    record Failure(RefusalReason reason, String detail) implements Examination {
    }
}
