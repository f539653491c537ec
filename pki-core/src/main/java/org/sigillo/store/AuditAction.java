package org.sigillo.store;

import java.util.regex.Pattern;

/**
 * The type code of an audit entry, e.g. {@code CERT_ISSUED} or {@code WORKSTATION_REGISTERED}: 2-48
 * characters, an upper-case letter then upper-case letters, digits or '_'. A validated value rather
 * than an enum so that each module defines its own actions (as constants) without editing the store.
 *
 * @param code the type code
 */
public record AuditAction(String code) {

    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]{1,47}");

    /** Checks the code. */
    public AuditAction {
        if (code == null || !CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("bad audit action code (2-48 of A-Z 0-9 _, letter first): " + code);
        }
    }

    /** Shorthand for {@code new AuditAction(code)}. */
    public static AuditAction of(String code) {
        return new AuditAction(code);
    }

    @Override
    public String toString() {
        return code;
    }
}
