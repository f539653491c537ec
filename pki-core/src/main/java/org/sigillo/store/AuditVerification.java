package org.sigillo.store;

/** The outcome of {@link AuditLog#verify()}: the chain is intact, or where and how it first breaks. */
public sealed interface AuditVerification permits AuditVerification.Intact, AuditVerification.Broken {

    /** True when the chain is intact. */
    boolean intact();

    /**
     * Every entry checked and consistent with the anchor.
     *
     * @param count    number of entries
     * @param headHash hash of the last entry (64 zeros for an empty log)
     */
    record Intact(long count, String headHash) implements AuditVerification {
        @Override
        public boolean intact() {
            return true;
        }

        /** This head, to keep outside the database and check later with {@link AuditLog#verify(AuditCheckpoint)}. */
        public AuditCheckpoint checkpoint() {
            return new AuditCheckpoint(count, headHash);
        }
    }

    /**
     * The first break found.
     *
     * @param seq    the sequence number where the chain breaks (for a gap or truncation, the first missing one)
     * @param kind   what kind of break
     * @param detail a sentence for the operator
     */
    record Broken(long seq, AuditBreak kind, String detail) implements AuditVerification {
        @Override
        public boolean intact() {
            return false;
        }
    }
}
