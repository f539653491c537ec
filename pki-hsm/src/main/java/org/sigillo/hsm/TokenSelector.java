package org.sigillo.hsm;

/** How a PKCS#11 token is chosen among the module's slots. */
public sealed interface TokenSelector {

    /** The token whose CK_TOKEN_INFO label is {@code label} (trailing blanks ignored). */
    record ByLabel(String label) implements TokenSelector {
        public ByLabel {
            if (label == null || label.isBlank() || label.length() > 32) {
                throw new IllegalArgumentException("token label must be 1-32 characters, was: " + label);
            }
        }
    }

    /** The slot with this PKCS#11 slot id. */
    record BySlotId(long slotId) implements TokenSelector {
    }

    /** The n-th slot with a token present (SunPKCS11's {@code slotListIndex}). */
    record BySlotIndex(int index) implements TokenSelector {
        public BySlotIndex {
            if (index < 0) {
                throw new IllegalArgumentException("slot index must be >= 0, was " + index);
            }
        }
    }
}
