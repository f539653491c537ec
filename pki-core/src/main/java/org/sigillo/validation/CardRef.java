package org.sigillo.validation;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * Names one smart-card certificate: the subject key identifier of its issuing CA and its
 * serial number. The key identifier is copied in and never handed out.
 */
public final class CardRef {
    private final byte[] issuerKeyId;
    private final BigInteger serial;

    /** A reference to the certificate {@code serial} of the CA whose SKI is {@code issuerKeyId}. */
    public CardRef(byte[] issuerKeyId, BigInteger serial) {
        this.issuerKeyId = Objects.requireNonNull(issuerKeyId, "issuerKeyId").clone();
        this.serial = Objects.requireNonNull(serial, "serial");
    }

    /** Whether this names the certificate {@code serial} of the CA whose SKI is {@code issuerKeyId}. */
    public boolean matches(byte[] issuerKeyId, BigInteger serial) {
        return this.serial.equals(serial) && MessageDigest.isEqual(this.issuerKeyId, issuerKeyId);
    }

    /** The serial number. */
    public BigInteger serial() {
        return serial;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CardRef && ((CardRef) o).matches(issuerKeyId, serial);
    }

    @Override
    public int hashCode() {
        return serial.hashCode();
    }

    @Override
    public String toString() {
        return "card serial " + serial.toString(16);
    }
}
